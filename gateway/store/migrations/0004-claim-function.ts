// Claiming due outbox rows as a server-side function. As a plain statement the claim was planned
// on every call, which cost more than running it (about 2.6 of 3 ms for one row, on PostgreSQL
// and PGlite alike); a PL/pgSQL function keeps its plan for the session. The function also pins
// the plan: the right one is an ordered walk of outbox_waiting that stops at the batch size, but
// without fresh statistics (PGlite runs no autovacuum; a backlog can grow faster than autovacuum
// looks) the planner picks a bitmap scan that reads and sorts the whole backlog on every claim.
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * `claim_outbox(batch, at, lease_until)`: lease up to `batch` rows due at `at` (queued, failed,
 * or delivering with an expired lease), oldest due first, skipping rows locked by another
 * claimer, rows of paused connectors and rows that wait for an earlier event of their business
 * key; returns the claimed rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function claim_outbox(batch integer, at timestamptz, lease_until timestamptz)
    returns setof outbox
    language plpgsql
    set enable_bitmapscan = off
    set enable_sort = off
    as $$
    begin
      return query
      update outbox
      set state = 'delivering', attempts = outbox.attempts + 1, next_attempt_at = lease_until, updated_at = at
      where outbox.id in (
        select o.id from outbox o
        where o.state in ('queued', 'failed', 'delivering')
          and o.next_attempt_at <= at
          and o.connector not in (select s.name from connector_state s where s.paused)
          and (
            o.order_key is null
            or not exists (
              select 1 from outbox e
              where e.order_key = o.order_key
                and (e.order_rank, e.seq) < (o.order_rank, o.seq)
                and e.state not in ('posted', 'dead')
            )
          )
        order by o.next_attempt_at
        limit batch
        for update skip locked
      )
      returning outbox.*;
    end
    $$`.execute(db);
}

/** Drop the function. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists claim_outbox(integer, timestamptz, timestamptz)`.execute(db);
}
