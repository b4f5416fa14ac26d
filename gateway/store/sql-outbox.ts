// The outbox's dispatch statements (claim, settle, replay, pause), apart from SqlStore so each
// stays readable. Every state change is a guarded UPDATE; settlements are fenced by the attempt
// number the row had when claimed.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { Database, OutboxTable } from './schema';
import { chunks, truncate } from './sql-helpers';
import { toClaimedEvent } from './row-mappers';
import type { ClaimedEvent, DeliverySettlement, OutboxReplayFilter, RouteEvent } from './store';

type Db = Kysely<Database> | Transaction<Database>;

/** Without a route, events go to the 'default' connector, unordered. */
const DEFAULT_ROUTE: RouteEvent = () => ({ connector: 'default', orderKey: null, orderRank: 0 });
const RESPONSE_MAX = 4000;

/** Outbox states whose event has not reached the ERP and is not being sent right now. */
const UNSENT = ['queued', 'failed', 'dead'] as const;

/**
 * Insert events as queued outbox rows. An id already present is not queued twice; with `refresh`
 * (a file translated again after a fix), a row not yet posted nor being delivered takes the new
 * event and route, in the state it is in (a dead letter stays one until replayed), when it is the
 * same file's. Returns the ids inserted and the ids refreshed (those whose event or route changed).
 */
export async function insertOutbox(
  db: Db,
  events: readonly CanonicalEvent[],
  options: { fileId: string | null; partnerId?: string; route?: RouteEvent; now: Date; refresh?: boolean },
): Promise<{ queued: Set<string>; refreshed: Set<string> }> {
  const route = options.route ?? DEFAULT_ROUTE;
  const queued = new Set<string>();
  const refreshed = new Set<string>();
  // One file can carry an event twice (a TA1 repeated, one ISA13 under two sender qualifiers):
  // the first is kept. An upsert may not touch a row twice in one statement.
  const seen = new Set<string>();
  const unique = events.filter((e) => !seen.has(e.id) && seen.add(e.id));
  for (const part of chunks(unique)) {
    const insert = db.insertInto('outbox').values(
      part.map((e) => {
        const r = route(e);
        return {
          id: e.id,
          type: e.type,
          partner_id: e.partnerid ?? options.partnerId ?? '',
          file_id: options.fileId,
          subject: e.subject,
          payload: JSON.stringify(e),
          state: 'queued',
          next_attempt_at: options.now,
          updated_at: options.now,
          connector: r.connector,
          order_key: r.orderKey,
          order_rank: r.orderRank,
        };
      }),
    );
    // The CloudEvent id is the key: an event already queued (a replay) is not queued twice.
    const rows = await (
      options.refresh
        ? insert.onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => ({
                payload: eb.ref('excluded.payload'),
                subject: eb.ref('excluded.subject'),
                connector: eb.ref('excluded.connector'),
                order_key: eb.ref('excluded.order_key'),
                order_rank: eb.ref('excluded.order_rank'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where('outbox.state', 'in', UNSENT)
              // Only the file's own events: another file's event under the same id (control
              // numbers reused after the duplicate window) is not this file's to change.
              .where(sql<boolean>`outbox.file_id is not distinct from excluded.file_id`)
              .where(
                sql<boolean>`(outbox.payload, outbox.connector, outbox.order_key, outbox.order_rank)
                  is distinct from (excluded.payload, excluded.connector, excluded.order_key, excluded.order_rank)`,
              ),
          )
        : insert.onConflict((oc) => oc.column('id').doNothing())
    )
      // xmax is 0 on a row this statement inserted, set on one it updated.
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
    for (const r of rows) (r.inserted ? queued : refreshed).add(r.id);
  }
  return { queued, refreshed };
}

/** See Store.claimOutbox: one call of `claim_outbox` (migration 0004), a statement of its own. */
export async function claimOutbox(
  db: Kysely<Database>,
  limit: number,
  now: Date,
  leaseMs: number,
): Promise<ClaimedEvent[]> {
  // next_attempt_at is "due" for queued and failed rows and "lease expiry" for delivering
  // rows, so one condition also picks up rows whose dispatcher died mid-delivery.
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // Only the columns a delivery needs: whole rows cost more to send than the claim costs to run.
  const { rows } = await sql<Selectable<OutboxTable>>`
    select id, type, partner_id, file_id, connector, attempts, created_at, payload
    from claim_outbox(${limit}, ${now}, ${leaseUntil})`.execute(db);
  return rows.map(toClaimedEvent).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * See Store.settleDeliveries: one call of `settle_outbox` (migration 0004) for the whole batch,
 * which settles the rows and records an attempt for each row it settled, atomically.
 */
export async function settleDeliveries(
  db: Kysely<Database>,
  settlements: readonly DeliverySettlement[],
): Promise<{ applied: string[]; stale: string[] }> {
  if (settlements.length === 0) return { applied: [], stale: [] };
  // Fenced per row by (id, attempts): a failure from a delivery whose lease ran out must not
  // override the new claim. A success needs no fence: the ERP has the event, whoever claimed
  // the row since, so the row is posted now rather than sent again when the new claim's lease ends.
  const batch = settlements.map((s) => ({
    id: s.id,
    attempt: s.attempt,
    state:
      s.outcome === 'posted' || s.outcome === 'duplicate'
        ? 'posted'
        : s.outcome === 'retry'
          ? 'failed'
          : 'dead',
    error: s.error === undefined ? null : clip(s.error),
    response: s.response === undefined ? null : clip(s.response),
    retry_at: s.retryAt ?? null,
    connector: s.connector,
    worker: s.worker,
    started_at: s.startedAt,
    duration_ms: Math.round(s.durationMs),
    outcome: s.outcome,
    status_code: s.statusCode ?? null,
  }));
  const { rows } = await sql<{ event_id: string }>`
    select event_id from settle_outbox(${JSON.stringify(batch)}) as s(event_id)`.execute(db);
  const applied = new Set(rows.map((r) => r.event_id));
  return {
    applied: settlements.filter((s) => applied.has(s.id)).map((s) => s.id),
    stale: settlements.filter((s) => !applied.has(s.id)).map((s) => s.id),
  };
}

/** See Store.replayOutbox. */
export async function replayOutbox(db: Kysely<Database>, filter: OutboxReplayFilter): Promise<string[]> {
  const states = (filter.states ?? ['dead']).filter((s) => s !== 'queued' && s !== 'delivering');
  if (states.length === 0 || filter.ids?.length === 0) return [];
  const now = new Date();
  let q = db
    .updateTable('outbox')
    .set({ state: 'queued', attempts: 0, next_attempt_at: now, last_error: null, updated_at: now })
    .where('state', 'in', states);
  if (filter.ids) q = q.where('id', 'in', filter.ids);
  if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
  if (filter.connector !== undefined) q = q.where('connector', '=', filter.connector);
  if (filter.type !== undefined) q = q.where('type', '=', filter.type);
  if (filter.fileId !== undefined) q = q.where('file_id', '=', filter.fileId);
  return (await q.returning('id').execute()).map((r) => r.id);
}

/** See Store.setConnectorPaused. */
export async function setConnectorPaused(
  db: Kysely<Database>,
  name: string,
  paused: boolean,
  actor: string,
): Promise<void> {
  const now = new Date();
  await db
    .insertInto('connector_state')
    .values({ name, paused, changed_at: now, changed_by: actor })
    .onConflict((oc) => oc.column('name').doUpdateSet({ paused, changed_at: now, changed_by: actor }))
    .execute();
}

/** An error or ERP answer as the store keeps it: storable, at most RESPONSE_MAX characters. */
function clip(text: string): string {
  return truncate(text, RESPONSE_MAX);
}
