// Embedded mode: this process claims due outbox rows (FOR UPDATE SKIP LOCKED, so several
// gateways on one PostgreSQL share the work) and delivers them with bounded concurrency. Rows
// are claimed in batches into a small buffer, so the database sees one claim per batch, not
// one per event; a claim is a lease, so rows of a process that died are claimed again.
import type { Logger } from 'pino';
import type { OutboxRecord, Store } from '../store';
import type { Deliverer } from './deliverer';
import { Sleeper } from './sleeper';

const CLAIM_BATCH = 100;

export interface DispatcherOptions {
  concurrency: number;
  leaseMs: number;
  /** How often to look for due rows when nobody kicks (retries coming due, other gateways' commits). */
  pollMs: number;
  logger: Logger;
}

export class OutboxDispatcher {
  private readonly buffer: OutboxRecord[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly sleeper = new Sleeper();
  private loop: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly deliverer: Deliverer,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Look for due rows now (after a commit queued events). */
  kick(): void {
    this.sleeper.kick();
  }

  /** Stop claiming; wait for deliveries in flight. Buffered rows go back when their lease ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.kick();
    await this.loop;
    await Promise.all(this.inflight);
    await this.deliverer.idle();
  }

  private async run(): Promise<void> {
    const { concurrency, pollMs, leaseMs, logger } = this.options;
    while (!this.stopping) {
      let claimed = -1;
      if (this.buffer.length < concurrency) {
        try {
          const rows = await this.store.claimOutbox(CLAIM_BATCH, { leaseMs });
          this.buffer.push(...rows);
          claimed = rows.length;
        } catch (e) {
          logger.error({ err: e }, 'outbox claim failed');
          claimed = 0;
        }
      }
      this.fill();
      // Nothing due: wait for a kick or the poll. Buffer full: wait for a delivery to finish.
      if (claimed === 0 || this.inflight.size >= concurrency) await this.sleeper.sleep(pollMs);
    }
  }

  private fill(): void {
    while (this.inflight.size < this.options.concurrency && this.buffer.length > 0) {
      const row = this.buffer.shift()!;
      const p: Promise<void> = this.deliverer
        .deliver(row)
        .then(
          () => undefined,
          (e: unknown) => this.options.logger.error({ err: e, eventId: row.id }, 'delivery not recorded'),
        )
        .finally(() => {
          this.inflight.delete(p);
          this.sleeper.kick();
        });
      this.inflight.add(p);
    }
  }
}
