// A lease gateways sharing one database take before intake work only one of them may do at a
// time: polling a partner's SFTP server, handing over the files of a shared drop-zone folder.

export interface IntakeLease {
  /** Take the lease, or renew it when this holder has it; false while another holder does. */
  take(): Promise<boolean>;
  /** Give it back. */
  release(): Promise<void>;
  /** How long a take holds it; holders renew it every third of that while they work. */
  readonly ttlMs: number;
}

/**
 * One holder's side of an intake lease: takes it when work starts, renews it while work runs
 * (one renewal at a time, every third of the lease), remembers a refusal so a folder of files
 * asks once rather than once per file, and gives it back only after a renewal in flight has
 * landed (a late renewal would take it again after the release).
 */
export class LeaseKeeper {
  private heldUntil = 0;
  /** Until when another holder is known to have it: work may wait until then without asking. */
  refusedUntil = 0;
  private renewing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly lease: IntakeLease) {}

  /** True when this holder may work now: the lease is taken, or renewed once a third of it has passed. */
  async hold(): Promise<boolean> {
    if (Date.now() >= this.heldUntil - (2 * this.lease.ttlMs) / 3) await this.renew();
    return Date.now() < this.heldUntil;
  }

  /**
   * While `busy`, renew the held lease every third of it; `onLost` hears of a renewal that found
   * it taken (no argument) or could not be made (the error).
   */
  keepRenewing(busy: boolean, onLost: (err?: unknown) => void): void {
    if (busy && !this.timer) {
      this.timer = setInterval(() => {
        if (Date.now() >= this.heldUntil) return; // not held: nothing to keep
        this.renew().then((held) => !held && onLost(), onLost);
      }, this.lease.ttlMs / 3);
    } else if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Stop renewing and give the lease back if held. Rejects when the database cannot be told. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing?.catch(() => undefined);
    if (this.heldUntil === 0) return;
    this.heldUntil = 0;
    await this.lease.release();
  }

  private renew(): Promise<boolean> {
    this.renewing ??= this.lease
      .take()
      .then((held) => {
        const now = Date.now();
        this.heldUntil = held ? now + this.lease.ttlMs : 0;
        this.refusedUntil = held ? 0 : now + this.lease.ttlMs / 3;
        return held;
      })
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }
}
