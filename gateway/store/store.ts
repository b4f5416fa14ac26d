// The one interface the gateway uses to reach its database and blobs (sftpgo's Provider idea):
// states are string unions and every transition is a named method that checks the current
// state in its WHERE, so a transition asked twice, or out of order, fails instead of corrupting.
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { TranslationError } from '../../translators/translation';
import type { BlobStore } from './blob-store';
import type { OpsQueries } from './ops-queries';

/** Lifecycle of a received file. */
export type FileState = 'received' | 'translating' | 'translated' | 'rejected' | 'failed' | 'duplicate';
/** Why a file is a duplicate: the same bytes again, or an interchange already received. */
export type DuplicateReason = 'same-bytes' | 'same-interchange';
/** Lifecycle of a canonical event on its way to the ERP. */
export type OutboxState = 'queued' | 'delivering' | 'posted' | 'failed' | 'dead';
/** Lifecycle of an ack or document on its way to a partner. */
export type OutboundState = 'pending' | 'delivered' | 'failed';
/** What an outbound row carries. */
export type OutboundKind = '997' | '999' | 'TA1' | '856' | '810';
/** The three X12 control-number sequences kept per partner. */
export type ControlKind = 'interchange' | 'group' | 'set';

/** A `files` row. */
export interface FileRecord {
  id: string;
  partnerId: string;
  /** How it came: 'sftp', 'poll', 'dropzone', 'as2', 'http', … */
  transport: string;
  name: string;
  /** Dedupe key of a polled file (remote path + size + mtime), when there is one. */
  remoteKey: string | null;
  sha256: string;
  size: number;
  state: FileState;
  receivedAt: Date;
  claimedAt: Date | null;
  translatedAt: Date | null;
  duplicateOf: string | null;
  duplicateReason: DuplicateReason | null;
  errorSummary: string | null;
  updatedAt: Date;
}

/** What intake knows of a file when it records it (the blob is already stored). */
export interface NewFile {
  partnerId: string;
  transport: string;
  name: string;
  sha256: string;
  size: number;
  remoteKey?: string;
  receivedAt?: Date;
}

/** The answer of `recordFile`. */
export interface RecordFileResult {
  file: FileRecord;
  /** False when the file was already recorded. */
  created: boolean;
  /**
   * What matched when created is false: 'remote-key' — this very remote file was recorded before
   * (a refetch after a crash: skip it); 'sha256' — the same bytes arrived again under another
   * name (record the arrival with `recordDuplicate`).
   */
  match?: 'remote-key' | 'sha256';
}

/** One transaction set (or CSV/XML record) of a translation. */
export interface SetRecord {
  /** ST01 ('850') or the record kind of a CSV/XML mapping. */
  setId: string;
  interchange?: string;
  group?: string;
  control?: string;
  /** AK501 status (A, E, R) or 'accepted' / 'rejected' for CSV/XML. */
  status: string;
  /** The canonical event made from it, when one was. */
  eventId?: string;
}

/** Everything the pipeline writes for one translated file, in one database transaction. */
export interface TranslationCommit {
  events: readonly CanonicalEvent[];
  acks: readonly { kind: OutboundKind | string; content: string }[];
  errors: readonly TranslationError[];
  /** True when nothing was rejected: the file becomes 'translated', else 'rejected'. */
  accepted: boolean;
  interchanges: readonly { control: string; senderQualifier: string; senderId: string }[];
  sets: readonly SetRecord[];
}

/** Where an event is delivered, and what it must wait for. */
export interface EventRoute {
  /** Connector name (profile `erp.connector`, or its per-type override). */
  connector: string;
  /** Partner + business key (PO number); events of one key are posted in rank order. */
  orderKey: string | null;
  orderRank: number;
}

/** Route of each event as it enters the outbox. */
export type RouteEvent = (event: CanonicalEvent) => EventRoute;

/** What came of one delivery attempt. */
export type DeliveryOutcome = 'posted' | 'duplicate' | 'retry' | 'rejected' | 'dead';

/** What every delivery attempt records, as a settlement and as a `delivery_attempts` row. */
interface AttemptFacts {
  /** The row's attempts when it was claimed (for a settlement: the fencing token). */
  attempt: number;
  connector: string;
  /** Which process delivered (host:pid/worker). */
  worker: string;
  startedAt: Date;
  durationMs: number;
  outcome: DeliveryOutcome;
}

/**
 * One delivery result for `settleDeliveries`: posted/duplicate → posted; retry → failed until
 * `retryAt`; rejected/dead → dead.
 */
export interface DeliverySettlement extends AttemptFacts {
  id: string;
  retryAt?: Date;
  statusCode?: number;
  error?: string;
  /** The ERP's answer (truncated), kept with the dead letter. */
  response?: string;
}

/** A `delivery_attempts` row. */
export interface DeliveryAttemptRecord extends AttemptFacts {
  id: number;
  eventId: string;
  statusCode: number | null;
  error: string | null;
  response: string | null;
}

/** Which events `replayOutbox` takes: all conditions must hold. */
export interface OutboxReplayFilter {
  ids?: readonly string[];
  partnerId?: string;
  connector?: string;
  type?: string;
  fileId?: string;
  /** States to take (default ['dead']); 'queued' and 'delivering' are never taken. */
  states?: readonly OutboxState[];
}

/** Options of `commitTranslation`. */
export interface CommitOptions {
  /** Connector and ordering of each event (default: connector 'default', no ordering). */
  route?: RouteEvent;
  /** Write no acks (a reprocessed file whose partner already got its acks). */
  skipAcks?: boolean;
  /**
   * A file translated again after a fix: its events already in the outbox but not posted nor
   * being delivered (queued, failed, dead) take the new event and route.
   */
  refreshUnsent?: boolean;
  /**
   * Duplicate-interchange window start: when another file of the partner carried one of these
   * ISA13s at or after this time, the file becomes 'duplicate' and nothing else is written.
   * Checked inside the transaction under a per-partner lock, so two gateways cannot both
   * accept the same interchange. Omit to skip the check.
   */
  duplicateSince?: Date;
  now?: Date;
}

/** The answer of `commitTranslation`. */
export interface CommitResult {
  state: 'translated' | 'rejected' | 'duplicate';
  /** The earlier file when state is 'duplicate'. */
  duplicateOf?: string;
  /** When state is 'duplicate': the file's ISA13s an earlier file of the partner carried. */
  duplicateControls?: string[];
  /** Events newly put in the outbox. */
  queued: number;
  /** Event ids already in the outbox, unsent, that took the new event or route (`refreshUnsent`). */
  refreshed: string[];
  /** Event ids that were already in the outbox (a replay, or control numbers reused): not queued again. */
  alreadyQueued: string[];
}

/** An interchange seen earlier (for duplicate detection). */
export interface InterchangeRecord {
  partnerId: string;
  fileId: string;
  control: string;
  senderQualifier: string;
  senderId: string;
  receivedAt: Date;
}

/** A `transactions` row. */
export interface TransactionRecord extends SetRecord {
  id: number;
  fileId: string;
  partnerId: string;
}

/** A `translation_errors` row: code, message, ack code and the position fields. */
export interface TranslationErrorRecord extends TranslationError {
  id: number;
  fileId: string;
}

/** An `outbox` row. */
export interface OutboxRecord {
  id: string;
  type: string;
  partnerId: string;
  fileId: string | null;
  subject: string;
  payload: CanonicalEvent;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  postedAt: Date | null;
  connector: string;
  orderKey: string | null;
  /** The ERP's last answer (status and body), kept with a dead letter. */
  lastResponse: string | null;
}

/** An outbox row without its payload and routing details: what lists show. */
export type EventSummary = Omit<OutboxRecord, 'payload' | 'orderKey' | 'lastResponse'>;

/** A claimed outbox row: what delivering it needs (a BullMQ job carries the same). */
export type ClaimedEvent = Pick<
  OutboxRecord,
  'id' | 'type' | 'partnerId' | 'fileId' | 'connector' | 'attempts' | 'createdAt' | 'payload'
>;

/** An `outbound` row. */
export interface OutboundRecord {
  id: string;
  partnerId: string;
  fileId: string | null;
  kind: string;
  content: string;
  state: OutboundState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  remoteName: string | null;
  createdAt: Date;
}

/** An `audit_log` row. */
export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/** A file with everything recorded about it (the dashboard's file page). */
export interface FileDetail {
  file: FileRecord;
  interchanges: InterchangeRecord[];
  transactions: TransactionRecord[];
  errors: TranslationErrorRecord[];
  /** Its events without their payloads, in the order they were queued. */
  events: EventSummary[];
  outbound: Omit<OutboundRecord, 'content'>[];
  /** Later arrivals recorded as duplicates of this file. */
  duplicates: FileRecord[];
}

/** Filter of `listFiles` (newest first). */
export interface FileFilter {
  partnerId?: string;
  state?: FileState;
  /** Only files received before this time (paging). */
  before?: Date;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** The gateway's storage: database (PGlite or PostgreSQL) and blobs. */
export interface Store {
  /** Which database is behind the store. */
  readonly backend: 'pglite' | 'postgres';
  /** Raw files by sha256. */
  readonly blobs: BlobStore;
  /** Read-only queries of the ops API (filtered, paged lists; health; stats). */
  readonly queries: OpsQueries;

  /** Record a received file; idempotent on (partner, remote key) and on (partner, sha256). */
  recordFile(input: NewFile): Promise<RecordFileResult>;
  /** Record another arrival of bytes already recorded as `originalId`: a row in state 'duplicate'. */
  recordDuplicate(input: NewFile, originalId: string): Promise<FileRecord>;
  /** A file by id, or undefined. */
  getFile(fileId: string): Promise<FileRecord | undefined>;
  /**
   * received → translating. Also takes a file left 'translating' whose claim is older than
   * `reclaimBefore` (default: 10 minutes ago): a gateway that crashed mid-translation. The
   * embedded gateway, which holds the PGlite lock, passes its start time to reclaim at once.
   * DS_STORE_INVALID_STATE otherwise.
   */
  claimForTranslation(fileId: string, options?: { reclaimBefore?: Date }): Promise<FileRecord>;
  /** Files to translate, oldest first: 'received', and 'translating' claimed before `reclaimBefore`. */
  listFilesToTranslate(options?: { limit?: number; reclaimBefore?: Date }): Promise<FileRecord[]>;
  /** translating → translated | rejected | duplicate, with every row of the result, atomically. */
  commitTranslation(
    fileId: string,
    result: TranslationCommit,
    options?: CommitOptions,
  ): Promise<CommitResult>;
  /** received | translating → duplicate of an earlier file (e.g. a duplicate interchange found before translating). */
  markDuplicate(fileId: string, originalId: string, reason: DuplicateReason): Promise<FileRecord>;
  /**
   * translated | rejected | failed → received, for translating again after a profile fix: the
   * file's transactions, errors and interchange rows are removed (the translation writes them
   * anew); its events stay, so the new translation's identical ids are not queued twice.
   * `hadAcks` tells whether acks were already queued for the file.
   */
  reopenFile(fileId: string): Promise<{ file: FileRecord; hadAcks: boolean }>;
  /** translating → failed: translation could not run (unreadable blob, unexpected exception). */
  markFileFailed(fileId: string, error: string): Promise<FileRecord>;
  /** The latest interchange of the partner with this ISA13 received at or after `since`. */
  findRecentInterchange(
    partnerId: string,
    control: string,
    since: Date,
  ): Promise<InterchangeRecord | undefined>;

  /**
   * Reserve `count` consecutive control numbers of a partner's sequence (atomic UPDATE …
   * RETURNING): never handed out twice, gaps allowed. DS_STORE_CONTROL_NUMBER_EXHAUSTED past
   * 999999999. See control-numbers.ts for the synchronous ControlNumbers the ack builder takes.
   */
  nextControlNumbers(partnerId: string, kind: ControlKind, count?: number): Promise<number[]>;
  /**
   * Make the partner's sequence continue after `lastValue` (onboarding a partner from another
   * EDI system); never lowers it. Returns the sequence's last value afterwards.
   */
  raiseControlNumber(partnerId: string, kind: ControlKind, lastValue: number): Promise<number>;

  /** Queue an outbound document that answers no file (an 856 or 810 to a partner). */
  enqueueOutbound(input: {
    partnerId: string;
    kind: OutboundKind | string;
    content: string;
    fileId?: string;
  }): Promise<OutboundRecord>;
  /** Outbound rows due for delivery (pending, or failed with retry time passed), oldest first. */
  listPendingOutbound(
    limit?: number,
    options?: { partnerId?: string; now?: Date },
  ): Promise<OutboundRecord[]>;
  /**
   * Take due outbound rows to deliver: like listPendingOutbound, but each row is leased (its next
   * attempt moved to now + `leaseMs`) with FOR UPDATE SKIP LOCKED, so gateways sharing one
   * database never send the same document at once; a sender that dies leaves it due again when
   * the lease ends. Delivered or failed settle it as usual.
   */
  claimPendingOutbound(limit: number, options: { leaseMs: number; now?: Date }): Promise<OutboundRecord[]>;
  /**
   * Give back the leases of pending outbound rows (due now again). Only for a process that knows
   * no other sender exists: the embedded database's single owner, at start, after a crash.
   */
  releaseOutboundLeases(): Promise<number>;
  /** pending | failed → delivered, with the name it got on the partner's side. */
  markOutboundDelivered(id: string, remoteName: string): Promise<OutboundRecord>;
  /** pending | failed → failed, attempts + 1, next try at `retryAt`. */
  markOutboundFailed(id: string, error: string, retryAt: Date): Promise<OutboundRecord>;

  /**
   * Put events that come from no file (tests, benchmarks, other intakes) in the outbox; an id
   * already there is left alone.
   */
  enqueueEvents(
    events: readonly CanonicalEvent[],
    options?: { route?: RouteEvent; now?: Date },
  ): Promise<{ queued: string[]; alreadyQueued: string[] }>;
  /**
   * queued | failed (due) | delivering (lease expired) → delivering, attempts + 1, leased for
   * `leaseMs` (default 60 s). Rows are taken with FOR UPDATE SKIP LOCKED: concurrent
   * dispatchers never get the same row. Skipped: rows of paused connectors, and rows whose
   * business key has an earlier-ranked event not yet posted or dead (an invoice waits for its order).
   */
  claimOutbox(limit: number, options?: { leaseMs?: number; now?: Date }): Promise<ClaimedEvent[]>;
  /**
   * Record delivery results in one transaction: the outbox row moves (posted, failed with its
   * retry time, or dead) and an attempt row is written. A failure whose `attempt` no longer
   * matches the row (its lease ran out and another worker claimed it) is not applied; a success
   * is applied to any row still being delivered (the ERP has the event).
   */
  settleDeliveries(
    settlements: readonly DeliverySettlement[],
  ): Promise<{ applied: string[]; stale: string[] }>;
  /**
   * Queue matching events again (state queued, attempts 0, same id). Rows queued or in flight
   * are never touched. Returns the ids queued. (The API audits who asked.)
   */
  replayOutbox(filter: OutboxReplayFilter): Promise<string[]>;
  /** Pause or resume a connector for every process sharing the database; `actor` is kept on the row. */
  setConnectorPaused(name: string, paused: boolean, actor: string): Promise<void>;
  /** The state and attempt count of outbox rows, by event id (missing ids are left out). */
  getOutboxLeases(ids: readonly string[]): Promise<{ id: string; state: OutboxState; attempts: number }[]>;
  /** An outbox row by event id, or undefined. */
  getOutboxEvent(id: string): Promise<OutboxRecord | undefined>;

  /**
   * Take the lease `name` for `owner` until `ttlMs` from now (the database's clock), or renew it
   * when `owner` holds it. False while another owner holds it unexpired: gateways sharing one
   * database use it for work only one of them may do at a time.
   */
  takeLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Give the lease back, if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Give back every lease. Only for a process that knows no other gateway uses the database:
   * the embedded database's single owner, at start, after a crash.
   */
  releaseAllLeases(): Promise<void>;

  /** Append to the audit log. */
  audit(actor: string, action: string, subject: string, details?: Record<string, unknown>): Promise<void>;
  /** Audit entries of a subject, newest first. */
  listAudit(subject: string, limit?: number): Promise<AuditRecord[]>;
  /** A file with everything recorded about it, or undefined. */
  fileDetail(fileId: string): Promise<FileDetail | undefined>;
  /** Files, newest first. */
  listFiles(filter?: FileFilter): Promise<FileRecord[]>;

  /** One round trip to the database; rejects when it cannot answer (closed, stopped, unreachable). */
  ping(): Promise<void>;
  /** Close the database and release the data-folder lock. Idempotent. */
  close(): Promise<void>;
}
