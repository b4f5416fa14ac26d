// ERP dispatch: which connector an event goes to, per-business-key ordering, the last answer of
// the ERP, every delivery attempt, and connector pause state shared by every gateway and worker.
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Add the dispatch columns and tables. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('connector', 'text', (c) => c.notNull().defaultTo('default'))
    // Insertion order: ties between events of one business key are broken by it.
    .addColumn('seq', 'bigserial', (c) => c.notNull())
    // partner + business key (the PO number): an event waits for earlier-ranked events of its key.
    .addColumn('order_key', 'text')
    .addColumn('order_rank', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_response', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_order_pending')
    .on('outbox')
    .columns(['order_key', 'order_rank', 'seq'])
    .where(sql.ref('state'), 'not in', sql`('posted', 'dead')`)
    .execute();
  // Claims walk the waiting rows in due order and stop at the batch size; 0001's (state,
  // next_attempt_at) index made every claim read and sort the whole backlog.
  await db.schema
    .createIndex('outbox_waiting')
    .on('outbox')
    .column('next_attempt_at')
    .where(sql.ref('state'), 'in', sql`('queued', 'failed', 'delivering')`)
    .execute();
  await db.schema.dropIndex('outbox_due').execute();
  // Dead letters by partner and connector (replay filters); the other states never need it.
  await db.schema
    .createIndex('outbox_dead')
    .on('outbox')
    .columns(['partner_id', 'connector'])
    .where(sql.ref('state'), '=', 'dead')
    .execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('outbox.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('posted', 'duplicate', 'retry', 'rejected', 'dead')`),
    )
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('response', 'text')
    .execute();
  await db.schema
    .createIndex('delivery_attempts_event')
    .on('delivery_attempts')
    .columns(['event_id', 'attempt'])
    .execute();

  await db.schema
    .createTable('connector_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('paused', 'boolean', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .execute();
}

/** Drop what `up` added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connector_state').ifExists().execute();
  await db.schema.dropTable('delivery_attempts').ifExists().execute();
  await db.schema.dropIndex('outbox_dead').ifExists().execute();
  await db.schema.dropIndex('outbox_waiting').ifExists().execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.dropIndex('outbox_order_pending').ifExists().execute();
  await db.schema
    .alterTable('outbox')
    .dropColumn('connector')
    .dropColumn('seq')
    .dropColumn('order_key')
    .dropColumn('order_rank')
    .dropColumn('last_response')
    .execute();
}
