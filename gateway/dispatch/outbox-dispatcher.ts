// Embedded mode: this process claims due outbox rows (FOR UPDATE SKIP LOCKED, so several
// gateways on one PostgreSQL share the work) and delivers them with bounded concurrency. Rows
// are claimed in batches into a small buffer, so the database sees one claim per batch, not
// one per event; a claim is a lease, so rows of a process that died are claimed again.
import type { Logger } from 'pino';
import type { ClaimedEvent, Store } from '../store';
import type { Deliverer } from './deliverer';
import { KickableLoop } from './kickable-loop';

const CLAIM_BATCH = 100;

export interface DispatcherOptions {
  concurrency: number;
  leaseMs: number;
  /** How often to look for due rows when nobody kicks (retries coming due, other gateways' commits). */
  pollMs: number;
  logger: Logger;
}

export class OutboxDispatcher extends KickableLoop {
  private readonly buffer: ClaimedEvent[] = [];
  /**
   * Ids buffered or being sent. A lease that ran out while its row was still here (an ERP slower
   * than the lease) lets the next claim return the row again: it is not taken twice.
   */
  private readonly held = new Set<string>();
  /** Deliveries not yet settled (waited for on stop). */
  private readonly inflight = new Set<Promise<void>>();
  /** Deliveries waiting for the ERP's answer (bounded by the concurrency). */
  private sending = 0;
  private waitingForSlot = false;

  constructor(
    private readonly store: Store,
    private readonly deliverer: Deliverer,
    private readonly options: DispatcherOptions,
  ) {
    super();
  }

  /** Stop claiming; wait for deliveries in flight. Buffered rows go back when their lease ends. */
  async stop(): Promise<void> {
    await this.stopLoop();
    await Promise.all(this.inflight);
    await this.deliverer.idle();
  }

  protected async run(): Promise<void> {
    const { concurrency, pollMs, leaseMs, logger } = this.options;
    while (!this.stopping) {
      let claimed = -1;
      if (this.buffer.length < concurrency) {
        try {
          // At most two rounds of deliveries are held: rows bought with a lease must be sent
          // before it ends, even when the ERP answers slowly.
          const room = Math.min(CLAIM_BATCH, 2 * concurrency - this.buffer.length);
          const rows = await this.store.claimOutbox(room, { leaseMs });
          for (const row of rows) {
            if (this.held.has(row.id)) continue;
            this.held.add(row.id);
            this.buffer.push(row);
          }
          claimed = rows.length;
        } catch (e) {
          logger.error({ err: e }, 'outbox claim failed');
          claimed = 0;
        }
      }
      this.fill();
      // Nothing due: wait for a kick or the poll. Buffer full: wait for a delivery to finish.
      this.waitingForSlot = claimed !== 0 && this.sending >= concurrency;
      if (claimed === 0 || this.sending >= concurrency) await this.sleeper.sleep(pollMs);
      this.waitingForSlot = false;
    }
  }

  // A slot is held from claim to the ERP's answer; the settlement is written after the slot
  // is free, so a slow commit never idles the connection pool.
  private fill(): void {
    // Stopping: no new deliveries (buffered rows come back when their lease ends).
    while (!this.stopping && this.sending < this.options.concurrency && this.buffer.length > 0) {
      const row = this.buffer.shift()!;
      this.sending++;
      let freed = false;
      const free = () => {
        if (freed) return;
        freed = true;
        this.sending--;
        this.fill();
        // Wake the loop only when it waits for a slot: waking it otherwise costs a claim query.
        if (this.buffer.length === 0 && this.waitingForSlot) this.sleeper.kick();
      };
      const p: Promise<void> = this.deliverer
        .deliver(row, free)
        .then(
          () => undefined,
          (e: unknown) => this.options.logger.error({ err: e, eventId: row.id }, 'delivery not recorded'),
        )
        .finally(() => {
          free();
          this.held.delete(row.id);
          this.inflight.delete(p);
        });
      this.inflight.add(p);
    }
  }
}
