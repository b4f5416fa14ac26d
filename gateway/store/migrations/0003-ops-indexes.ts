// Indexes for the ops API (gateway/store/ops-queries.ts): keyset pages of files and events, the
// business-number and control-number searches, partner health and overdue acknowledgements.
import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

const INDEXES: { name: string; table: string; columns: string[] }[] = [
  // File list: newest first, by partner (and state); the keyset is (received_at, id).
  { name: 'files_partner_received_id', table: 'files', columns: ['partner_id', 'received_at', 'id'] },
  {
    name: 'files_partner_state_received_id',
    table: 'files',
    columns: ['partner_id', 'state', 'received_at', 'id'],
  },
  // Business number (PO, shipment id, invoice number) is the event subject.
  { name: 'outbox_subject', table: 'outbox', columns: ['subject'] },
  // Event list pages are keyed by seq (insertion order), filtered by state or partner.
  { name: 'outbox_seq', table: 'outbox', columns: ['seq'] },
  { name: 'outbox_state_seq', table: 'outbox', columns: ['state', 'seq'] },
  // Overdue acks: the partner's acknowledgement.received events after a document was delivered.
  { name: 'outbox_partner_type_created', table: 'outbox', columns: ['partner_id', 'type', 'created_at'] },
  {
    name: 'outbound_partner_kind_delivered',
    table: 'outbound',
    columns: ['partner_id', 'kind', 'delivered_at'],
  },
  // Control-number search: ISA13, GS06, ST02.
  { name: 'interchanges_control', table: 'interchanges', columns: ['control'] },
  // File detail: the interchanges of a file.
  { name: 'interchanges_file', table: 'interchanges', columns: ['file_id'] },
  { name: 'transactions_set_control', table: 'transactions', columns: ['set_control'] },
  { name: 'transactions_group_control', table: 'transactions', columns: ['group_control'] },
];

/** Create the ops indexes. */
export async function up(db: Kysely<any>): Promise<void> {
  for (const ix of INDEXES) {
    await db.schema.createIndex(ix.name).ifNotExists().on(ix.table).columns(ix.columns).execute();
  }
  // File detail lists later arrivals of the same bytes (duplicate_of = id); few rows have one.
  await db.schema
    .createIndex('files_duplicate_of')
    .ifNotExists()
    .on('files')
    .column('duplicate_of')
    .where('duplicate_of', 'is not', null)
    .execute();
}

/** Drop them. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('files_duplicate_of').ifExists().execute();
  for (const ix of [...INDEXES].reverse()) await db.schema.dropIndex(ix.name).ifExists().execute();
}
