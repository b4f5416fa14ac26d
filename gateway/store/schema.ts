// Kysely's view of the tables that migrations/0001-initial.ts creates. Column names are the SQL
// ones (snake_case); sql-store.ts maps rows to the camelCase records of store.ts.
import type { ColumnType, Generated } from 'kysely';

// bigint columns: pg hands them back as strings, PGlite as numbers; rows are normalised with Number().
type BigIntColumn = ColumnType<string | number, number, number>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
// jsonb: written as JSON text (pg would turn a JS array into a PostgreSQL array), read parsed.
type Json = ColumnType<unknown, string, string>;

/** `files`: one row per file received (or per duplicate arrival). */
export interface FilesTable {
  id: string;
  partner_id: string;
  transport: string;
  name: string;
  remote_key: string | null;
  sha256: string;
  size: BigIntColumn;
  state: string;
  received_at: Timestamp;
  claimed_at: Timestamp | null;
  translated_at: Timestamp | null;
  duplicate_of: string | null;
  duplicate_reason: string | null;
  error_summary: string | null;
  updated_at: Timestamp;
}

/** `interchanges`: ISA envelopes seen, for duplicate-interchange detection. */
export interface InterchangesTable {
  id: Generated<BigIntColumn>;
  partner_id: string;
  file_id: string;
  control: string;
  sender_qualifier: string;
  sender_id: string;
  received_at: Timestamp;
}

/** `transactions`: one row per transaction set (or CSV/XML record) translated. */
export interface TransactionsTable {
  id: Generated<BigIntColumn>;
  file_id: string;
  partner_id: string;
  set_id: string;
  interchange_control: string | null;
  group_control: string | null;
  set_control: string | null;
  status: string;
  event_id: string | null;
}

/** `translation_errors`: why a file or a set was not accepted, with where. */
export interface TranslationErrorsTable {
  id: Generated<BigIntColumn>;
  file_id: string;
  code: string;
  message: string;
  ack: string | null;
  position: Json;
}

/** `outbox`: canonical events waiting for (or done with) the ERP. */
export interface OutboxTable {
  id: string;
  type: string;
  partner_id: string;
  file_id: string | null;
  subject: string;
  payload: Json;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  posted_at: Timestamp | null;
  connector: Generated<string>;
  seq: Generated<BigIntColumn>;
  order_key: string | null;
  order_rank: Generated<number>;
  last_response: string | null;
}

/** `delivery_attempts`: one row per try to post an event, whatever came of it. */
export interface DeliveryAttemptsTable {
  id: Generated<BigIntColumn>;
  event_id: string;
  attempt: number;
  connector: string;
  worker: string;
  started_at: Timestamp;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  response: string | null;
}

/** `connector_state`: paused connectors (a row per connector ever paused or resumed). */
export interface ConnectorStateTable {
  name: string;
  paused: boolean;
  changed_at: Timestamp;
  changed_by: string;
}

/** `leases`: named leases shared by the gateways on one database (see migration 0005). */
export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: Timestamp;
}

/** `outbound`: acknowledgements and documents to deliver to partners. */
export interface OutboundTable {
  id: string;
  partner_id: string;
  file_id: string | null;
  kind: string;
  content: string;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  delivered_at: Timestamp | null;
  remote_name: string | null;
  created_at: CreatedAt;
}

/** `control_numbers`: the last control number handed out, per partner and kind. */
export interface ControlNumbersTable {
  partner_id: string;
  kind: string;
  last_value: BigIntColumn;
}

/** `audit_log`: who did what to which subject. */
export interface AuditLogTable {
  id: Generated<BigIntColumn>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string;
  details: Json;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  files: FilesTable;
  interchanges: InterchangesTable;
  transactions: TransactionsTable;
  translation_errors: TranslationErrorsTable;
  outbox: OutboxTable;
  outbound: OutboundTable;
  control_numbers: ControlNumbersTable;
  audit_log: AuditLogTable;
  delivery_attempts: DeliveryAttemptsTable;
  connector_state: ConnectorStateTable;
  leases: LeasesTable;
}
