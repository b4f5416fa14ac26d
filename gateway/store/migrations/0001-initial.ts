// The first schema: every table of the gateway. Migrations take Kysely<any> on purpose: they
// describe the database as it was at that step, not as schema.ts describes it today.
import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Create the tables, constraints and indexes. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('remote_key', 'text')
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('received', 'translating', 'translated', 'rejected', 'failed', 'duplicate')`),
    )
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('translated_at', 'timestamptz')
    .addColumn('duplicate_of', 'text', (c) => c.references('files.id'))
    .addColumn('duplicate_reason', 'text', (c) =>
      c.check(sql`duplicate_reason in ('same-bytes', 'same-interchange')`),
    )
    .addColumn('error_summary', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Same bytes from the same partner are one file; later arrivals are rows with
  // duplicate_reason 'same-bytes', kept out of this index so they can exist at all.
  await db.schema
    .createIndex('files_partner_sha256_first')
    .on('files')
    .columns(['partner_id', 'sha256'])
    .unique()
    .where(sql.ref('duplicate_reason'), 'is distinct from', 'same-bytes')
    .execute();
  // A polled file is known by its remote key (path + size + mtime): refetching it after a crash
  // between download and remote delete finds this row instead of recording a second file.
  await db.schema
    .createIndex('files_partner_remote_key')
    .on('files')
    .columns(['partner_id', 'remote_key'])
    .unique()
    .where('remote_key', 'is not', null)
    .execute();
  await db.schema.createIndex('files_state_received').on('files').columns(['state', 'received_at']).execute();
  await db.schema.createIndex('files_received').on('files').column('received_at').execute();

  await db.schema
    .createTable('interchanges')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('control', 'text', (c) => c.notNull())
    .addColumn('sender_qualifier', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('interchanges_partner_control_file', ['partner_id', 'control', 'file_id'])
    .execute();
  // Not unique on (partner, control): partners reuse ISA13 after a rollover, so a duplicate is
  // only one inside the configured window (findRecentInterchange).
  await db.schema
    .createIndex('interchanges_partner_control_received')
    .on('interchanges')
    .columns(['partner_id', 'control', 'received_at'])
    .execute();

  await db.schema
    .createTable('transactions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('interchange_control', 'text')
    .addColumn('group_control', 'text')
    .addColumn('set_control', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .execute();
  await db.schema.createIndex('transactions_file').on('transactions').column('file_id').execute();

  await db.schema
    .createTable('translation_errors')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('ack', 'text')
    .addColumn('position', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('translation_errors_file').on('translation_errors').column('file_id').execute();

  await db.schema
    .createTable('outbox')
    // The CloudEvent id: the same event can never be queued twice.
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id <> ''`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.references('files.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('queued', 'delivering', 'posted', 'failed', 'dead')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_file').on('outbox').column('file_id').execute();

  await db.schema
    .createTable('outbound')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.references('files.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('remote_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('outbound_due').on('outbound').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbound_file').on('outbound').column('file_id').execute();

  await db.schema
    .createTable('control_numbers')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('interchange', 'group', 'set')`))
    // ISA13 and GS06 are at most 9 digits: a sequence never passes 999999999.
    .addColumn('last_value', 'bigint', (c) => c.notNull().check(sql`last_value between 0 and 999999999`))
    .addPrimaryKeyConstraint('control_numbers_pk', ['partner_id', 'kind'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject', 'at']).execute();
}

/** Drop everything `up` created. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'control_numbers',
    'outbound',
    'outbox',
    'translation_errors',
    'transactions',
    'interchanges',
    'files',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
