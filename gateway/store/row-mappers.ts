// SQL rows (snake_case, bigint as string on pg and number on PGlite) → the records of store.ts.
import type { Selectable } from 'kysely';
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { TranslationError } from '../../translators/translation';
import type {
  AuditLogTable,
  DeliveryAttemptsTable,
  FilesTable,
  InterchangesTable,
  OutboundTable,
  OutboxTable,
  TransactionsTable,
  TranslationErrorsTable,
} from './schema';
import type {
  AuditRecord,
  DeliveryAttemptRecord,
  ClaimedEvent,
  DeliveryOutcome,
  EventSummary,
  DuplicateReason,
  FileRecord,
  FileState,
  InterchangeRecord,
  OutboundRecord,
  OutboundState,
  OutboxRecord,
  OutboxState,
  TransactionRecord,
  TranslationErrorRecord,
} from './store';

/** A `files` row as a FileRecord. */
export function toFile(r: Selectable<FilesTable>): FileRecord {
  return {
    id: r.id,
    partnerId: r.partner_id,
    transport: r.transport,
    name: r.name,
    remoteKey: r.remote_key,
    sha256: r.sha256,
    size: Number(r.size),
    state: r.state as FileState,
    receivedAt: r.received_at,
    claimedAt: r.claimed_at,
    translatedAt: r.translated_at,
    duplicateOf: r.duplicate_of,
    duplicateReason: r.duplicate_reason as DuplicateReason | null,
    errorSummary: r.error_summary,
    updatedAt: r.updated_at,
  };
}

/** An `interchanges` row as an InterchangeRecord. */
export function toInterchange(r: Selectable<InterchangesTable>): InterchangeRecord {
  return {
    partnerId: r.partner_id,
    fileId: r.file_id,
    control: r.control,
    senderQualifier: r.sender_qualifier,
    senderId: r.sender_id,
    receivedAt: r.received_at,
  };
}

/** A `transactions` row as a TransactionRecord (absent fields left out). */
export function toTransaction(r: Selectable<TransactionsTable>): TransactionRecord {
  const t: TransactionRecord = {
    id: Number(r.id),
    fileId: r.file_id,
    partnerId: r.partner_id,
    setId: r.set_id,
    status: r.status,
  };
  if (r.interchange_control !== null) t.interchange = r.interchange_control;
  if (r.group_control !== null) t.group = r.group_control;
  if (r.set_control !== null) t.control = r.set_control;
  if (r.event_id !== null) t.eventId = r.event_id;
  return t;
}

/** A `translation_errors` row: the position JSON spread back into the TranslationError fields. */
export function toTranslationError(r: Selectable<TranslationErrorsTable>): TranslationErrorRecord {
  const position = (r.position ?? {}) as Omit<TranslationError, 'code' | 'message' | 'ack'>;
  return {
    id: Number(r.id),
    fileId: r.file_id,
    code: r.code,
    message: r.message,
    ...(r.ack !== null ? { ack: r.ack } : {}),
    ...position,
  };
}

/** The outbox columns of an EventSummary (no payload). */
export const EVENT_SUMMARY_COLUMNS = [
  'id',
  'type',
  'partner_id',
  'file_id',
  'subject',
  'connector',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'created_at',
  'updated_at',
  'posted_at',
  'seq',
] as const;

/** An outbox row (summary columns at least) as an EventSummary. */
export function toEventSummary(
  r: Pick<Selectable<OutboxTable>, (typeof EVENT_SUMMARY_COLUMNS)[number]>,
): EventSummary {
  return {
    id: r.id,
    type: r.type,
    partnerId: r.partner_id,
    fileId: r.file_id,
    subject: r.subject,
    connector: r.connector,
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    postedAt: r.posted_at,
  };
}

/** An `outbox` row as an OutboxRecord. */
export function toOutbox(r: Selectable<OutboxTable>): OutboxRecord {
  return {
    ...toEventSummary(r),
    payload: r.payload as CanonicalEvent,
    orderKey: r.order_key,
    lastResponse: r.last_response,
  };
}

/** The columns of a claimed `outbox` row as a ClaimedEvent. */
export function toClaimedEvent(
  r: Pick<
    Selectable<OutboxTable>,
    'id' | 'type' | 'partner_id' | 'file_id' | 'connector' | 'attempts' | 'created_at' | 'payload'
  >,
): ClaimedEvent {
  return {
    id: r.id,
    type: r.type,
    partnerId: r.partner_id,
    fileId: r.file_id,
    connector: r.connector,
    attempts: Number(r.attempts),
    createdAt: r.created_at,
    payload: r.payload as CanonicalEvent,
  };
}

/** A `delivery_attempts` row as a DeliveryAttemptRecord. */
export function toDeliveryAttempt(r: Selectable<DeliveryAttemptsTable>): DeliveryAttemptRecord {
  return {
    id: Number(r.id),
    eventId: r.event_id,
    attempt: r.attempt,
    connector: r.connector,
    worker: r.worker,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    outcome: r.outcome as DeliveryOutcome,
    statusCode: r.status_code,
    error: r.error,
    response: r.response,
  };
}

/** An `outbound` row as an OutboundRecord. */
export function toOutbound(r: Selectable<OutboundTable>): OutboundRecord {
  return {
    id: r.id,
    partnerId: r.partner_id,
    fileId: r.file_id,
    kind: r.kind,
    content: r.content,
    state: r.state as OutboundState,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    remoteName: r.remote_name,
    createdAt: r.created_at,
  };
}

/** An `audit_log` row as an AuditRecord. */
export function toAudit(r: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: (r.details ?? {}) as Record<string, unknown>,
  };
}
