// Delivers acknowledgements (and later outbound documents) to the partner's transport: the
// hosted SFTP `outbound/` folder, a drop zone's outbound folder, or pushed to the partner's own
// SFTP server. Each attempt is recorded; failures are retried with backoff.
import { mkdir, rename, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from 'pino';
import type { OutboundRecord, Store } from '../store';
import type { PartnerProfile } from '../config/profile-schema';
import { resolveDataPath } from '../config/data-paths';
import { resolveSecret } from '../config/secrets';
import { DEFAULT_PUSH_DEADLINE_MS, pushFile } from '../intake/sftp-push';
import type { ProfileRegistry } from './profile-registry';
import type { GatewayMetrics } from './metrics';

/** Where a hosted-SFTP user's home is under the data folder. */
export function sftpHome(home: string, username: string): string {
  return path.join(home, 'sftp', username);
}

/** The file name an outbound document gets: kind, partner, when, and the row id. */
export function outboundName(row: OutboundRecord): string {
  const t = row.createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
  return `${row.kind}_${row.partnerId}_${t}_${row.id.slice(0, 8)}.x12`;
}

const RETRY_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
/** How long a claimed document is this gateway's to send before another may take it (an ack is small). */
const LEASE_MS = 120_000;
/** Deliveries in flight at once. */
const DELIVERY_CONCURRENCY = 8;
/**
 * What a push may take beyond its upload deadline: the SSH handshake (10 s) and the close (10 s),
 * with room to spare. No push starts later than all of it before its claim runs out: another
 * gateway would take the row then and push it too.
 */
const PUSH_BESIDES_UPLOAD_MS = 30_000;

export class OutboundDelivery {
  private running: Promise<void> | undefined;
  /** Acks waiting to be pushed, by partner, each with the time after which it must not start. */
  private readonly pushQueues = new Map<string, { row: OutboundRecord; until: number }[]>();
  private readonly pushJobs = new Set<Promise<void>>();
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly profiles: ProfileRegistry,
    private readonly home: string,
    private readonly logger: Logger,
    private readonly metrics?: GatewayMetrics,
    /** How long a push may take once logged in to the partner's server. */
    private readonly pushDeadlineMs = DEFAULT_PUSH_DEADLINE_MS,
  ) {}

  /**
   * Deliver what is pending now (coalesces concurrent calls). Never rejects: it runs from timers
   * and commits, and a pass the store cannot serve (PostgreSQL restarting, the store closed) is
   * logged and tried again by the next one.
   */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.deliverPending();
        } while (this.again);
      } catch (err) {
        this.logger.warn({ err }, 'outbound delivery pass failed; the next pass tries again');
      }
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Deliver pending rows every `ms` as well (retries come due). */
  start(ms = 1000): void {
    this.timer = setInterval(() => void this.kick(), ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await Promise.all(this.pushJobs);
  }

  /**
   * Push `row` after the partner's acks already queued, one at a time (one connection per push; a
   * partner's server may limit them). After a failed push the partner's other acks are left to a
   * later pass (their claims run out) rather than each tried against the failing server; no push
   * starts after `until`, when its claim could run out before the push ends.
   */
  private queuePush(row: OutboundRecord, until: number): void {
    const queued = this.pushQueues.get(row.partnerId);
    if (queued) {
      queued.push({ row, until });
      return;
    }
    const queue = [{ row, until }];
    this.pushQueues.set(row.partnerId, queue);
    const job = (async () => {
      try {
        for (let item = queue.shift(); item; item = queue.shift()) {
          if (Date.now() > item.until) continue;
          if (!(await this.deliver(item.row))) queue.length = 0;
        }
      } finally {
        this.pushQueues.delete(row.partnerId);
      }
    })();
    this.pushJobs.add(job);
    void job.finally(() => this.pushJobs.delete(job));
  }

  private async deliverPending(): Promise<void> {
    for (;;) {
      const rows = await this.store.claimPendingOutbound(50, { leaseMs: LEASE_MS });
      if (rows.length === 0) return;
      const pushableUntil = Date.now() + LEASE_MS - this.pushDeadlineMs - PUSH_BESIDES_UPLOAD_MS;
      // Files written to local folders go several at once: each mostly waits on its fsync, so a
      // burst of acks overlaps them. Pushes to partners' servers go to each partner's own queue,
      // which the pass does not wait for: one partner's silent or unreachable server must not hold
      // up the others' acks, nor the next pass.
      const local: OutboundRecord[] = [];
      for (const row of rows) {
        if (this.pushes(row)) this.queuePush(row, pushableUntil);
        else local.push(row);
      }
      let next = 0;
      const worker = async () => {
        while (next < local.length) await this.deliver(local[next++]);
      };
      await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, local.length) }, worker));
      if (rows.length < 50) return;
    }
  }

  /** Whether the row goes to the partner's own SFTP server (see sendTo). */
  private pushes(row: OutboundRecord): boolean {
    const t = this.profiles.get(row.partnerId)?.transports.find((tr) => tr.type !== 'remote-sftp' || tr.push);
    return t?.type === 'remote-sftp';
  }

  /** One ack to its partner: true once sent. Never rejects (a failure is recorded for a later pass). */
  private async deliver(row: OutboundRecord): Promise<boolean> {
    const log = this.logger.child({ partnerId: row.partnerId, fileId: row.fileId, outboundId: row.id });
    const partner = this.profiles.get(row.partnerId);
    const name = outboundName(row);
    try {
      if (!partner) throw new Error(`no profile for partner ${row.partnerId}`);
      await this.sendTo(partner, name, row.content);
    } catch (e) {
      const wait = RETRY_MS[Math.min(row.attempts, RETRY_MS.length - 1)];
      log.warn({ kind: row.kind, err: (e as Error).message, retryInMs: wait }, 'ack delivery failed');
      await this.store
        .markOutboundFailed(row.id, (e as Error).message, new Date(Date.now() + wait))
        .catch((err: unknown) =>
          log.error({ err }, 'ack delivery failure not recorded; a later pass retries'),
        );
      return false;
    }
    try {
      await this.store.markOutboundDelivered(row.id, name);
    } catch (err) {
      // Sent, not recorded: the row stays pending and a later pass sends it again under the same name.
      log.error({ err, name }, 'ack delivered but not recorded; a later pass sends it again');
      return true;
    }
    log.info({ kind: row.kind, name }, 'ack delivered');
    await this.observe(row).catch((err: unknown) => log.warn({ err }, 'ack latency not observed'));
    return true;
  }

  // File received → its ack delivered, for the acknowledgements that answer a file.
  private async observe(row: OutboundRecord): Promise<void> {
    if (!this.metrics || !row.fileId) return;
    const file = await this.store.getFile(row.fileId);
    if (file) this.metrics.ackLatency.observe((Date.now() - file.receivedAt.getTime()) / 1000);
  }

  /** Put `content` where the partner collects it: the first transport that can take it. */
  private async sendTo(partner: PartnerProfile, name: string, content: string): Promise<void> {
    for (const t of partner.transports) {
      if (t.type === 'hosted-sftp')
        return writeAtomically(path.join(sftpHome(this.home, t.username), 'outbound'), name, content);
      if (t.type === 'dropzone')
        return writeAtomically(resolveDataPath(this.home, t.outbound), name, content);
      if (t.type === 'remote-sftp' && t.push) {
        const secrets = { env: process.env, baseDir: this.home };
        await pushFile({
          connect: {
            host: t.host,
            port: t.port,
            username: t.username,
            ...(t.privateKey && { privateKey: await resolveSecret(t.privateKey, secrets) }),
            ...(t.password && { password: await resolveSecret(t.password, secrets) }),
          },
          remoteDir: t.outboundPath,
          name,
          content: Buffer.from(content, 'latin1'),
          deadlineMs: this.pushDeadlineMs,
        });
        return;
      }
    }
    throw new Error(`partner ${partner.id} has no transport that takes outbound files`);
  }
}

/** Folders written to before: created once, not on every delivery. */
const knownDirs = new Set<string>();

/** Write to `.name.part`, fsync, rename: the partner never sees a partial file. */
async function writeAtomically(dir: string, name: string, content: string): Promise<void> {
  if (!knownDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    knownDirs.add(dir);
  }
  const part = path.join(dir, `.${name}.part`);
  let fh;
  try {
    fh = await open(part, 'w');
  } catch (err) {
    // The folder was removed since: create it again.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    fh = await open(part, 'w');
  }
  try {
    await fh.writeFile(content, 'latin1');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(part, path.join(dir, name));
}
