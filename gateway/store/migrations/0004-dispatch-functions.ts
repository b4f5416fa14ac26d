// Claiming and settling outbox rows as server-side functions. As plain statements they were
// planned on every call, which cost more than running them (a one-row claim: about 2.6 of 3 ms,
// on PostgreSQL and PGlite alike); a PL/pgSQL function keeps its plans for the session. The
// claim function also pins
// the plan: the right one is an ordered walk of outbox_waiting that stops at the batch size, but
// without fresh statistics (PGlite runs no autovacuum; a backlog can grow faster than autovacuum
// looks) the planner picks a bitmap scan that reads and sorts the whole backlog on every claim.
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * `settle_outbox(batch)`: see sql-outbox.ts `settleDeliveries`; returns the ids it settled.
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
  await sql`
    create function settle_outbox(batch jsonb)
    returns setof text
    language plpgsql
    as $$
    begin
      return query
      with v as (
        select * from jsonb_to_recordset(batch) as x(
          id text, attempt integer, state text, error text, response text, retry_at timestamptz,
          connector text, worker text, started_at timestamptz, duration_ms integer, outcome text,
          status_code integer
        )
      ), settled as (
        update outbox as o set
          state = v.state,
          last_error = case when v.state = 'posted' then null else coalesce(v.error, v.outcome) end,
          last_response = case when v.state = 'posted' then o.last_response else coalesce(v.response, o.last_response) end,
          next_attempt_at = coalesce(v.retry_at, o.next_attempt_at),
          posted_at = case when v.state = 'posted' then now() else o.posted_at end,
          updated_at = now()
        from v
        where o.id = v.id and o.state = 'delivering' and (o.attempts = v.attempt or v.state = 'posted')
        returning o.id
      )
      insert into delivery_attempts
        (event_id, attempt, connector, worker, started_at, duration_ms, outcome, status_code, error, response)
      select v.id, v.attempt, v.connector, v.worker, v.started_at, v.duration_ms, v.outcome, v.status_code,
        v.error, v.response
      from v join settled on settled.id = v.id
      returning delivery_attempts.event_id;
    end
    $$`.execute(db);
}

/** Drop the functions. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists settle_outbox(jsonb)`.execute(db);
  await sql`drop function if exists claim_outbox(integer, timestamptz, timestamptz)`.execute(db);
}
