// Failed-login limiter (SFTPGo's defender, simplified): count failures per key over a sliding
// minute; past the limit the key is refused outright until its cool-down ends.

const WINDOW_MS = 60_000;
// Bounds memory under a spray of addresses or usernames: past this many tracked keys, expired ones
// are swept before a new one is added.
const SWEEP_AT_KEYS = 10_000;

/** Counts failures per key (a remote address, a username) and blocks keys that fail too often. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key` is in its cool-down. */
  isBlocked(key: string): boolean {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.blockedUntil.delete(key);
    return false;
  }

  /** Record one failure; true when this failure starts a cool-down for `key`. */
  recordFailure(key: string): boolean {
    const now = this.now();
    if (this.failures.size >= SWEEP_AT_KEYS && !this.failures.has(key)) this.sweep(now);
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    recent.push(now);
    if (recent.length < this.maxPerMinute) {
      this.failures.set(key, recent);
      return false;
    }
    this.failures.delete(key);
    this.blockedUntil.set(key, now + this.cooldownMs);
    return true;
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures)
      if (times[times.length - 1] <= now - WINDOW_MS) this.failures.delete(key);
    for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
  }
}
