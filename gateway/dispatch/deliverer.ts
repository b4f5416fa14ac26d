// One delivery, the same in embedded and BullMQ mode: send a claimed outbox row through its
// connector, turn the result into a settlement (retry with backoff, or dead letter once the
// attempts are used up) and record it. Settlements from concurrent deliveries are written
// together (group commit) so the database is not the bottleneck of a fast ERP.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { DeliverySettlement, Store } from '../store';
import type { DeliveryMetrics } from '../runtime/metrics';
import { backoffMs } from './backoff';
import type { Connector, Delivery, DeliveryResult } from './connector';
import type { ConnectorsConfig } from './connectors-config';
import { groupCommit } from './group-commit';

/** What a process calls itself in delivery attempts. */
export function workerName(role: string): string {
  return `${hostname()}:${process.pid}/${role}`;
}

export interface DelivererOptions {
  store: Store;
  connectors: ReadonlyMap<string, Connector>;
  config: ConnectorsConfig;
  worker: string;
  logger: Logger;
  metrics?: DeliveryMetrics;
}

export class Deliverer {
  private readonly settlements;

  constructor(private readonly options: DelivererOptions) {
    this.settlements = groupCommit<DeliverySettlement, boolean>(async (batch) => {
      const { applied } = await options.store.settleDeliveries(batch);
      const done = new Set(applied);
      return batch.map((s) => done.has(s.id));
    });
  }

  /**
   * Deliver a claimed row and record the outcome. False when the result was stale (fenced off).
   * `onSent` runs when the ERP has answered, before the outcome is written: a dispatcher can
   * start the next delivery while this one's settlement joins the next group commit.
   */
  async deliver(row: Delivery, onSent?: () => void): Promise<boolean> {
    const startedAt = new Date();
    const t0 = performance.now();
    const connector = this.options.connectors.get(row.connector);
    const result: DeliveryResult = connector
      ? await connector.deliver(row)
      : { outcome: 'retry', error: `no connector named "${row.connector}" (see DOCKSIDE_CONNECTORS)` };
    const settlement = this.settlementOf(row, result, startedAt, performance.now() - t0);
    onSent?.();
    const applied = await this.settlements.push(settlement);
    if (applied) this.observe(row, settlement);
    return applied;
  }

  /** Resolves once every settlement handed in so far is written. */
  idle(): Promise<void> {
    return this.settlements.idle();
  }

  private settlementOf(
    row: Delivery,
    result: DeliveryResult,
    startedAt: Date,
    durationMs: number,
  ): DeliverySettlement {
    const policy = this.options.config.retryFor(row.connector);
    const exhausted = result.outcome === 'retry' && row.attempts >= policy.maxAttempts;
    const wait = Math.min(
      policy.maxDelayMs,
      Math.max(backoffMs(policy, row.attempts), result.retryAfterMs ?? 0),
    );
    return {
      id: row.id,
      attempt: row.attempts,
      connector: row.connector,
      worker: this.options.worker,
      startedAt,
      durationMs,
      outcome: exhausted ? 'dead' : result.outcome,
      ...(result.outcome === 'retry' && !exhausted && { retryAt: new Date(Date.now() + wait) }),
      ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
      ...(result.error !== undefined && {
        error: exhausted ? `${result.error} (gave up after ${row.attempts} attempts)` : result.error,
      }),
      ...(result.response !== undefined && { response: result.response }),
    };
  }

  private observe(row: Delivery, s: DeliverySettlement): void {
    const log = this.options.logger;
    const ids = { eventId: row.id, partnerId: row.partnerId, fileId: row.fileId, connector: row.connector };
    const posted = s.outcome === 'posted' || s.outcome === 'duplicate';
    const outcome = posted ? 'posted' : s.outcome === 'retry' ? 'failed' : 'dead';
    this.options.metrics?.eventsDelivered.inc({ outcome, connector: row.connector, type: row.type });
    if (posted) {
      this.options.metrics?.deliveryLatency.observe(
        { connector: row.connector },
        (Date.now() - row.createdAt.getTime()) / 1000,
      );
      log.debug({ ...ids, outcome: s.outcome, ms: Math.round(s.durationMs) }, 'event posted');
    } else if (s.outcome === 'retry') {
      log.warn({ ...ids, attempt: s.attempt, err: s.error, retryAt: s.retryAt }, 'event delivery failed');
    } else {
      log.error({ ...ids, attempt: s.attempt, err: s.error, status: s.statusCode }, 'event dead-lettered');
    }
  }
}
