// The Store over Kysely: one implementation for PGlite and PostgreSQL (one SQL dialect).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { BlobStore } from './blob-store';
import type { DirLock } from './dir-lock';
import { migrateToLatest } from './migrate';
import { OpsQueries } from './ops-queries';
import {
  toAudit,
  toFile,
  toInterchange,
  toOutbound,
  toOutbox,
  toTransaction,
  toTranslationError,
} from './row-mappers';
import type { Database, FilesTable } from './schema';
import { claimOutbox, insertOutbox, replayOutbox, setConnectorPaused, settleDeliveries } from './sql-outbox';
import { invalidState, notFound, storable, storableJson, storeClosed, truncate } from './sql-helpers';
import { commitBatch, type CommitItem, type CommitOutcome } from './sql-commit';
import { groupCommit } from '../dispatch/group-commit';
import type {
  AuditRecord,
  CommitOptions,
  DeliverySettlement,
  CommitResult,
  ClaimedEvent,
  ControlKind,
  DuplicateReason,
  FileDetail,
  FileFilter,
  FileRecord,
  FileState,
  InterchangeRecord,
  NewFile,
  OutboundRecord,
  OutboxRecord,
  OutboxState,
  OutboxReplayFilter,
  RecordFileResult,
  RouteEvent,
  Store,
  TranslationCommit,
} from './store';

/** ISA13 and GS06 are at most nine digits. */
export const MAX_CONTROL_NUMBER = 999_999_999;
/** A translation claimed longer ago than this is taken to be orphaned by a crash. */
export const DEFAULT_RECLAIM_MS = 10 * 60_000;
const DEFAULT_LEASE_MS = 60_000;

/** The Kysely-backed Store. `openStore` builds it; `lock` is the PGlite folder lock, if any. */
export class SqlStore implements Store {
  readonly blobs: BlobStore;
  readonly backend: 'pglite' | 'postgres';
  readonly queries: OpsQueries;
  #db: Kysely<Database> | undefined;
  readonly #log: Logger;
  readonly #lock: DirLock | undefined;
  readonly #schema: string | undefined;

  constructor(init: {
    db: Kysely<Database>;
    blobs: BlobStore;
    log: Logger;
    backend: 'pglite' | 'postgres';
    lock?: DirLock;
    schema?: string;
  }) {
    this.#schema = init.schema;
    this.#db = init.db;
    this.blobs = init.blobs;
    this.#log = init.log;
    this.backend = init.backend;
    this.#lock = init.lock;
    this.queries = new OpsQueries(() => this.#q);
  }

  get #q(): Kysely<Database> {
    if (!this.#db) throw storeClosed();
    return this.#db;
  }

  // ---- files -------------------------------------------------------------------------------

  // Files recorded together go in as one multi-row INSERT; an arrival that conflicts with a known
  // file (or with another row of the batch) takes the single path, which tells which one it is.
  readonly #records = groupCommit<NewFile, Settled<RecordFileResult>>(
    (items) => this.#recordMany(items),
    200,
  );

  async recordFile(input: NewFile): Promise<RecordFileResult> {
    return unwrap(await this.#records.push(input));
  }

  async #recordMany(items: readonly NewFile[]): Promise<Settled<RecordFileResult>[]> {
    const created = new Map<string, FileRecord>();
    if (items.length > 1) {
      const now = new Date();
      const rows = items.map((input) => newFileRow(input, 'received', now));
      const inserted = await this.#q
        .insertInto('files')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .execute()
        .catch((err: unknown) => {
          this.#log.debug({ err, files: items.length }, 'batch insert failed; recording files one by one');
          return [];
        });
      for (const row of inserted) {
        const file = toFile(row);
        this.#fileLog(file).info({ to: 'received', sha256: file.sha256, size: file.size }, 'file recorded');
        created.set(file.id, file);
      }
      const settled: Settled<RecordFileResult>[] = [];
      for (const [i, input] of items.entries()) {
        const file = created.get(rows[i].id);
        if (file) {
          settled.push({ value: { file, created: true } });
          continue;
        }
        try {
          settled.push({ value: await this.#recordOne(input) });
        } catch (error) {
          settled.push({ error });
        }
      }
      return settled;
    }
    try {
      return [{ value: await this.#recordOne(items[0]) }];
    } catch (error) {
      return [{ error }];
    }
  }

  async #recordOne(input: NewFile): Promise<RecordFileResult> {
    const now = new Date();
    // ON CONFLICT without a target: either unique index (sha256 or remote key) means "known".
    const inserted = await this.#q
      .insertInto('files')
      .values(newFileRow(input, 'received', now))
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      const file = toFile(inserted);
      this.#fileLog(file).info({ to: 'received', sha256: file.sha256, size: file.size }, 'file recorded');
      return { file, created: true };
    }
    // The conflicting row is committed (DO NOTHING waits for it), so one of these finds it.
    if (input.remoteKey !== undefined) {
      const byKey = await this.#q
        .selectFrom('files')
        .selectAll()
        .where('partner_id', '=', input.partnerId)
        .where('remote_key', '=', input.remoteKey)
        .executeTakeFirst();
      if (byKey) return { file: toFile(byKey), created: false, match: 'remote-key' };
    }
    const bySha = await this.#q
      .selectFrom('files')
      .selectAll()
      .where('partner_id', '=', input.partnerId)
      .where('sha256', '=', input.sha256)
      .where(sql<boolean>`duplicate_reason is distinct from 'same-bytes'`)
      .executeTakeFirst();
    if (bySha) return { file: toFile(bySha), created: false, match: 'sha256' };
    throw new DocksideError(
      'DS_STORE_INVALID_STATE',
      'file insert conflicted with a row that cannot be found',
      {
        partnerId: input.partnerId,
        sha256: input.sha256,
      },
    );
  }

  async recordDuplicate(input: NewFile, originalId: string): Promise<FileRecord> {
    const now = new Date();
    const inserted = await this.#q
      .insertInto('files')
      .values({
        ...newFileRow(input, 'duplicate', now),
        translated_at: now,
        duplicate_of: originalId,
        duplicate_reason: 'same-bytes',
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      const file = toFile(inserted);
      this.#fileLog(file).info({ to: 'duplicate', duplicateOf: originalId }, 'file state');
      return file;
    }
    // Only the remote-key index can conflict here: this arrival was recorded before a crash.
    const existing = await this.#q
      .selectFrom('files')
      .selectAll()
      .where('partner_id', '=', input.partnerId)
      .where('remote_key', '=', input.remoteKey ?? null)
      .executeTakeFirst();
    if (!existing)
      throw new DocksideError('DS_STORE_INVALID_STATE', 'duplicate insert conflicted unexpectedly');
    return toFile(existing);
  }

  async getFile(fileId: string): Promise<FileRecord | undefined> {
    const row = await this.#q.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
    return row && toFile(row);
  }

  // Claims that arrive together go out as one UPDATE; a file it did not claim is claimed again
  // on its own, which gives that caller the precise refusal.
  readonly #claims = groupCommit<{ fileId: string; reclaimBefore: Date }, Settled<FileRecord>>(
    (items) => this.#claimMany(items),
    200,
  );

  async claimForTranslation(fileId: string, options: { reclaimBefore?: Date } = {}): Promise<FileRecord> {
    const reclaimBefore = options.reclaimBefore ?? new Date(Date.now() - DEFAULT_RECLAIM_MS);
    return unwrap(await this.#claims.push({ fileId, reclaimBefore }));
  }

  async #claimMany(
    items: readonly { fileId: string; reclaimBefore: Date }[],
  ): Promise<Settled<FileRecord>[]> {
    const claimed = new Map<string, FileRecord>();
    const at = items[0].reclaimBefore.getTime();
    if (
      items.length > 1 &&
      items.every((i) => i.reclaimBefore.getTime() === at) &&
      new Set(items.map((i) => i.fileId)).size === items.length
    ) {
      const now = new Date();
      const rows = await this.#q
        .updateTable('files')
        .set({ state: 'translating', claimed_at: now, updated_at: now })
        .where(
          'id',
          'in',
          items.map((i) => i.fileId),
        )
        .where((eb) =>
          eb.or([
            eb('state', '=', 'received'),
            eb.and([eb('state', '=', 'translating'), eb('claimed_at', '<', items[0].reclaimBefore)]),
          ]),
        )
        .returningAll()
        .execute();
      for (const row of rows) {
        const file = toFile(row);
        this.#fileLog(file).info({ to: 'translating' }, 'file state');
        claimed.set(file.id, file);
      }
    }
    const settled: Settled<FileRecord>[] = [];
    for (const { fileId, reclaimBefore } of items) {
      const file = claimed.get(fileId);
      if (file) {
        settled.push({ value: file });
        continue;
      }
      try {
        settled.push({ value: await this.#claimOne(fileId, reclaimBefore) });
      } catch (error) {
        settled.push({ error });
      }
    }
    return settled;
  }

  async #claimOne(fileId: string, reclaimBefore: Date): Promise<FileRecord> {
    const now = new Date();
    const row = await this.#q
      .updateTable('files')
      .set({ state: 'translating', claimed_at: now, updated_at: now })
      .where('id', '=', fileId)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'received'),
          eb.and([eb('state', '=', 'translating'), eb('claimed_at', '<', reclaimBefore)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw await this.#refused('files', fileId, 'claimForTranslation', ['received', 'translating (stale)']);
    const file = toFile(row);
    this.#fileLog(file).info({ to: 'translating' }, 'file state');
    return file;
  }

  async listFilesToTranslate(options: { limit?: number; reclaimBefore?: Date } = {}): Promise<FileRecord[]> {
    const reclaimBefore = options.reclaimBefore ?? new Date(Date.now() - DEFAULT_RECLAIM_MS);
    const rows = await this.#q
      .selectFrom('files')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('state', '=', 'received'),
          eb.and([eb('state', '=', 'translating'), eb('claimed_at', '<', reclaimBefore)]),
        ]),
      )
      .orderBy('received_at')
      .orderBy('id')
      .limit(clampLimit(options.limit, 100))
      .execute();
    return rows.map(toFile);
  }

  // Commits that arrive together (the pipeline translates several files at once) share one
  // transaction; when that batch fails (one file in a wrong state, a bad event), each file is
  // committed again on its own, so a failure stays with the file that caused it.
  readonly #commits = groupCommit<CommitItem, Settled<CommitResult>>((items) => this.#commitMany(items), 200);

  async commitTranslation(
    fileId: string,
    result: TranslationCommit,
    options: CommitOptions = {},
  ): Promise<CommitResult> {
    return unwrap(await this.#commits.push({ fileId, result, options }));
  }

  async #commitMany(items: readonly CommitItem[]): Promise<Settled<CommitResult>[]> {
    if (items.length > 1 && new Set(items.map((i) => i.fileId)).size === items.length) {
      try {
        const outcomes = await this.#q.transaction().execute((tx) => commitBatch(tx, items));
        return outcomes.map((outcome, i) => ({
          value: this.#committed(items[i].fileId, items[i].result, outcome),
        }));
      } catch (err) {
        this.#log.debug({ err, files: items.length }, 'batch commit failed; committing files one by one');
      }
    }
    const settled: Settled<CommitResult>[] = [];
    for (const { fileId, result, options } of items) {
      try {
        settled.push({ value: await this.#commitOne(fileId, result, options) });
      } catch (error) {
        settled.push({ error });
      }
    }
    return settled;
  }

  #committed(fileId: string, result: TranslationCommit, outcome: CommitOutcome): CommitResult {
    this.#log.info(
      {
        fileId,
        partnerId: outcome.partnerId,
        to: outcome.state,
        ...(outcome.duplicateOf ? { duplicateOf: outcome.duplicateOf } : {}),
        queued: outcome.queued,
        alreadyQueued: outcome.alreadyQueued.length,
        acks: outcome.state === 'duplicate' ? 0 : result.acks.length,
        errors: outcome.state === 'duplicate' ? 0 : result.errors.length,
      },
      'file state',
    );
    const { partnerId: _partnerId, ...answer } = outcome;
    return answer;
  }

  // One file is a batch of one: a single commit path, so one file and many behave alike.
  async #commitOne(fileId: string, result: TranslationCommit, options: CommitOptions): Promise<CommitResult> {
    const [outcome] = await this.#q
      .transaction()
      .execute((tx) => commitBatch(tx, [{ fileId, result, options }]));
    return this.#committed(fileId, result, outcome);
  }

  async markDuplicate(fileId: string, originalId: string, reason: DuplicateReason): Promise<FileRecord> {
    const now = new Date();
    return this.#fileTransition(fileId, 'markDuplicate', ['received', 'translating'], {
      state: 'duplicate',
      duplicate_of: originalId,
      duplicate_reason: reason,
      translated_at: now,
      updated_at: now,
    });
  }

  async markFileFailed(fileId: string, error: string): Promise<FileRecord> {
    return this.#fileTransition(fileId, 'markFileFailed', ['translating'], {
      state: 'failed',
      error_summary: truncate(error),
      updated_at: new Date(),
    });
  }

  async reopenFile(fileId: string): Promise<{ file: FileRecord; hadAcks: boolean }> {
    const from: FileState[] = ['translated', 'rejected', 'failed'];
    const result = await this.#q.transaction().execute(async (tx) => {
      const now = new Date();
      const row = await tx
        .updateTable('files')
        .set({
          state: 'received',
          claimed_at: null,
          translated_at: null,
          error_summary: null,
          updated_at: now,
        })
        .where('id', '=', fileId)
        .where('state', 'in', from)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      for (const table of ['transactions', 'translation_errors', 'interchanges'] as const) {
        await tx.deleteFrom(table).where('file_id', '=', fileId).execute();
      }
      const acks = await tx
        .selectFrom('outbound')
        .select(sql<string>`count(*)`.as('n'))
        .where('file_id', '=', fileId)
        .executeTakeFirstOrThrow();
      return { file: toFile(row), hadAcks: Number(acks.n) > 0 };
    });
    if (!result) throw await this.#refused('files', fileId, 'reopenFile', from);
    this.#fileLog(result.file).info({ to: 'received' }, 'file state');
    return result;
  }

  async findRecentInterchange(
    partnerId: string,
    control: string,
    since: Date,
  ): Promise<InterchangeRecord | undefined> {
    const row = await findInterchange(this.#q, partnerId, storable(control), since);
    return row && toInterchange(row);
  }

  // ---- control numbers ---------------------------------------------------------------------

  // Reservations that arrive together (the three kinds of one ack, several files) go out as one
  // upsert with a row per partner and kind; each caller gets its own slice of the range.
  readonly #reservations = groupCommit<
    { partnerId: string; kind: ControlKind; count: number },
    Settled<number[]>
  >((items) => this.#reserveMany(items), 500);

  async nextControlNumbers(partnerId: string, kind: ControlKind, count = 1): Promise<number[]> {
    if (!Number.isInteger(count) || count < 1 || count > 10_000) {
      throw new RangeError(`control-number count must be an integer from 1 to 10000, got ${count}`);
    }
    return unwrap(await this.#reservations.push({ partnerId, kind, count }));
  }

  async #reserveMany(
    items: readonly { partnerId: string; kind: ControlKind; count: number }[],
  ): Promise<Settled<number[]>[]> {
    const totals = new Map<string, { partnerId: string; kind: ControlKind; count: number }>();
    for (const { partnerId, kind, count } of items) {
      const key = JSON.stringify([partnerId, kind]);
      const t = totals.get(key);
      if (t) t.count += count;
      else totals.set(key, { partnerId, kind, count });
    }
    const last = new Map<string, number>();
    if (items.length > 1) {
      const rows = await this.#q
        .insertInto('control_numbers')
        .values(
          [...totals.values()].map((t) => ({ partner_id: t.partnerId, kind: t.kind, last_value: t.count })),
        )
        .onConflict((oc) =>
          oc
            .columns(['partner_id', 'kind'])
            .doUpdateSet({ last_value: sql`control_numbers.last_value + excluded.last_value` })
            .where(sql<boolean>`control_numbers.last_value + excluded.last_value <= ${MAX_CONTROL_NUMBER}`),
        )
        .returning(['partner_id', 'kind', 'last_value'])
        .execute();
      for (const r of rows) last.set(JSON.stringify([r.partner_id, r.kind]), Number(r.last_value));
    }
    // Each key's range (last - total, last] is dealt out in arrival order. A key the upsert
    // refused (it would pass the maximum) is retried per caller: smaller blocks may still fit.
    const next = new Map<string, number>();
    for (const [key, t] of totals) {
      const l = last.get(key);
      if (l !== undefined) next.set(key, l - t.count + 1);
    }
    const settled: Settled<number[]>[] = [];
    for (const { partnerId, kind, count } of items) {
      const key = JSON.stringify([partnerId, kind]);
      const first = next.get(key);
      if (first !== undefined) {
        next.set(key, first + count);
        settled.push({ value: Array.from({ length: count }, (_, i) => first + i) });
        continue;
      }
      try {
        settled.push({ value: await this.#reserveOne(partnerId, kind, count) });
      } catch (error) {
        settled.push({ error });
      }
    }
    return settled;
  }

  async #reserveOne(partnerId: string, kind: ControlKind, count: number): Promise<number[]> {
    // One statement: the row lock of the upsert makes concurrent reservations queue up, and the
    // range handed out is (last_value - count, last_value].
    const row = await this.#q
      .insertInto('control_numbers')
      .values({ partner_id: partnerId, kind, last_value: count })
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'kind'])
          .doUpdateSet({ last_value: sql`control_numbers.last_value + excluded.last_value` })
          .where(sql<boolean>`control_numbers.last_value + excluded.last_value <= ${MAX_CONTROL_NUMBER}`),
      )
      .returning('last_value')
      .executeTakeFirst();
    if (!row) {
      throw new DocksideError(
        'DS_STORE_CONTROL_NUMBER_EXHAUSTED',
        `the ${kind} control numbers of partner ${partnerId} would pass ${MAX_CONTROL_NUMBER}`,
        { partnerId, kind },
      );
    }
    const last = Number(row.last_value);
    return Array.from({ length: count }, (_, i) => last - count + 1 + i);
  }

  async raiseControlNumber(partnerId: string, kind: ControlKind, lastValue: number): Promise<number> {
    if (!Number.isInteger(lastValue) || lastValue < 0 || lastValue > MAX_CONTROL_NUMBER) {
      throw new DocksideError(
        'DS_STORE_CONTROL_NUMBER_EXHAUSTED',
        `a control number must be an integer from 0 to ${MAX_CONTROL_NUMBER}, got ${lastValue}`,
        { partnerId, kind, lastValue },
      );
    }
    // greatest(): raising only, so a number already handed out can never come round again.
    const row = await this.#q
      .insertInto('control_numbers')
      .values({ partner_id: partnerId, kind, last_value: lastValue })
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'kind'])
          .doUpdateSet({ last_value: sql`greatest(control_numbers.last_value, excluded.last_value)` }),
      )
      .returning('last_value')
      .executeTakeFirstOrThrow();
    this.#log.info({ partnerId, kind, lastValue: Number(row.last_value) }, 'control number raised');
    return Number(row.last_value);
  }

  // ---- outbound ----------------------------------------------------------------------------

  async enqueueOutbound(input: {
    partnerId: string;
    kind: string;
    content: string;
    fileId?: string;
  }): Promise<OutboundRecord> {
    const row = await this.#q
      .insertInto('outbound')
      .values({
        id: randomUUID(),
        partner_id: input.partnerId,
        file_id: input.fileId ?? null,
        kind: input.kind,
        content: input.content,
        state: 'pending',
        next_attempt_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOutbound(row);
  }

  /** Outbound rows due at `now`, oldest due first: what listPendingOutbound shows and a claim takes. */
  #dueOutbound(now: Date, limit: number | undefined) {
    return this.#q
      .selectFrom('outbound')
      .where('state', 'in', ['pending', 'failed'])
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(clampLimit(limit, 100));
  }

  async listPendingOutbound(
    limit?: number,
    options: { partnerId?: string; now?: Date } = {},
  ): Promise<OutboundRecord[]> {
    let q = this.#dueOutbound(options.now ?? new Date(), limit).selectAll();
    if (options.partnerId !== undefined) q = q.where('partner_id', '=', options.partnerId);
    return (await q.execute()).map(toOutbound);
  }

  async claimPendingOutbound(
    limit: number,
    options: { leaseMs: number; now?: Date },
  ): Promise<OutboundRecord[]> {
    const now = options.now ?? new Date();
    const rows = await this.#q
      .updateTable('outbound')
      .set({ next_attempt_at: new Date(now.getTime() + options.leaseMs) })
      .where('id', 'in', this.#dueOutbound(now, limit).select('id').forUpdate().skipLocked())
      .returningAll()
      .execute();
    return rows.map(toOutbound).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async releaseOutboundLeases(): Promise<number> {
    // A pending row is created due; one due later is leased (failed rows keep their retry time).
    const now = new Date();
    const rows = await this.#q
      .updateTable('outbound')
      .set({ next_attempt_at: now })
      .where('state', '=', 'pending')
      .where('next_attempt_at', '>', now)
      .returning('id')
      .execute();
    return rows.length;
  }

  async markOutboundDelivered(id: string, remoteName: string): Promise<OutboundRecord> {
    const now = new Date();
    const row = await this.#q
      .updateTable('outbound')
      .set({
        state: 'delivered',
        delivered_at: now,
        remote_name: remoteName,
        last_error: null,
        attempts: sql`attempts + 1`,
      })
      .where('id', '=', id)
      .where('state', 'in', ['pending', 'failed'])
      .returningAll()
      .executeTakeFirst();
    if (!row) throw await this.#refused('outbound', id, 'markOutboundDelivered', ['pending', 'failed']);
    this.#log.info(
      { outboundId: id, partnerId: row.partner_id, fileId: row.file_id, to: 'delivered', remoteName },
      'outbound state',
    );
    return toOutbound(row);
  }

  async markOutboundFailed(id: string, error: string, retryAt: Date): Promise<OutboundRecord> {
    const row = await this.#q
      .updateTable('outbound')
      .set({
        state: 'failed',
        last_error: truncate(error),
        next_attempt_at: retryAt,
        attempts: sql`attempts + 1`,
      })
      .where('id', '=', id)
      .where('state', 'in', ['pending', 'failed'])
      .returningAll()
      .executeTakeFirst();
    if (!row) throw await this.#refused('outbound', id, 'markOutboundFailed', ['pending', 'failed']);
    this.#log.warn(
      { outboundId: id, partnerId: row.partner_id, fileId: row.file_id, to: 'failed', error, retryAt },
      'outbound state',
    );
    return toOutbound(row);
  }

  // ---- outbox ------------------------------------------------------------------------------

  async enqueueEvents(
    events: readonly CanonicalEvent[],
    options: { route?: RouteEvent; now?: Date } = {},
  ): Promise<{ queued: string[]; alreadyQueued: string[] }> {
    const { queued } = await insertOutbox(this.#q, events, {
      fileId: null,
      now: options.now ?? new Date(),
      ...(options.route && { route: options.route }),
    });
    const ids = events.map((e) => e.id);
    return { queued: ids.filter((id) => queued.has(id)), alreadyQueued: ids.filter((id) => !queued.has(id)) };
  }

  async claimOutbox(limit: number, options: { leaseMs?: number; now?: Date } = {}): Promise<ClaimedEvent[]> {
    const claimed = await claimOutbox(
      this.#q,
      clampLimit(limit, 100),
      options.now ?? new Date(),
      options.leaseMs ?? DEFAULT_LEASE_MS,
    );
    for (const r of claimed) {
      this.#log.debug(
        { eventId: r.id, partnerId: r.partnerId, fileId: r.fileId, to: 'delivering' },
        'outbox state',
      );
    }
    return claimed;
  }

  async settleDeliveries(
    settlements: readonly DeliverySettlement[],
  ): Promise<{ applied: string[]; stale: string[] }> {
    const result = await settleDeliveries(this.#q, settlements);
    for (const s of settlements) {
      if (s.outcome !== 'posted' && s.outcome !== 'duplicate') {
        this.#log.info({ eventId: s.id, outcome: s.outcome, attempt: s.attempt }, 'outbox delivery');
      }
    }
    if (result.stale.length > 0) this.#log.warn({ eventIds: result.stale }, 'stale delivery results ignored');
    return result;
  }

  replayOutbox(filter: OutboxReplayFilter): Promise<string[]> {
    return replayOutbox(this.#q, filter);
  }

  setConnectorPaused(name: string, paused: boolean, actor: string): Promise<void> {
    return setConnectorPaused(this.#q, name, paused, actor);
  }

  async takeLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const until = sql<Date>`now() + make_interval(secs => ${ttlMs / 1000})`;
    const row = await this.#q
      .insertInto('leases')
      .values({ name, owner, expires_at: until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, expires_at: until })
          .where((eb) =>
            eb.or([eb('leases.owner', '=', owner), eb('leases.expires_at', '<=', sql<Date>`now()`)]),
          ),
      )
      .returning('name')
      .executeTakeFirst();
    return row !== undefined;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#q.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
  }

  async releaseAllLeases(): Promise<void> {
    await this.#q.deleteFrom('leases').execute();
  }

  async getOutboxLeases(
    ids: readonly string[],
  ): Promise<{ id: string; state: OutboxState; attempts: number }[]> {
    if (ids.length === 0) return [];
    const rows = await this.#q
      .selectFrom('outbox')
      .select(['id', 'state', 'attempts'])
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => ({ id: r.id, state: r.state as OutboxState, attempts: Number(r.attempts) }));
  }

  async getOutboxEvent(id: string): Promise<OutboxRecord | undefined> {
    const row = await this.#q.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOutbox(row);
  }

  // ---- audit and queries -------------------------------------------------------------------

  async audit(
    actor: string,
    action: string,
    subject: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    // What is audited is often what was refused: a NUL in a path must not cost its audit entry.
    await this.#q
      .insertInto('audit_log')
      .values({
        actor: storable(actor),
        action: storable(action),
        subject: storable(subject),
        details: storableJson(details),
      })
      .execute();
  }

  async listAudit(subject: string, limit?: number): Promise<AuditRecord[]> {
    const rows = await this.#q
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', subject)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit, 100))
      .execute();
    return rows.map(toAudit);
  }

  async fileDetail(fileId: string): Promise<FileDetail | undefined> {
    const q = this.#q;
    const file = await this.getFile(fileId);
    if (!file) return undefined;
    const [interchanges, transactions, errors, events, outbound, duplicates] = await Promise.all([
      q.selectFrom('interchanges').selectAll().where('file_id', '=', fileId).orderBy('id').execute(),
      q.selectFrom('transactions').selectAll().where('file_id', '=', fileId).orderBy('id').execute(),
      q.selectFrom('translation_errors').selectAll().where('file_id', '=', fileId).orderBy('id').execute(),
      this.queries.eventsOfFile(fileId),
      q.selectFrom('outbound').selectAll().where('file_id', '=', fileId).orderBy('created_at').execute(),
      q.selectFrom('files').selectAll().where('duplicate_of', '=', fileId).orderBy('received_at').execute(),
    ]);
    return {
      file,
      interchanges: interchanges.map(toInterchange),
      transactions: transactions.map(toTransaction),
      errors: errors.map(toTranslationError),
      events,
      outbound: outbound.map((r) => {
        const { content: _content, ...rest } = toOutbound(r);
        return rest;
      }),
      duplicates: duplicates.map(toFile),
    };
  }

  async listFiles(filter: FileFilter = {}): Promise<FileRecord[]> {
    let q = this.#q.selectFrom('files').selectAll();
    if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.before !== undefined) q = q.where('received_at', '<', filter.before);
    const rows = await q
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(filter.limit, 100))
      .execute();
    return rows.map(toFile);
  }

  /** Run pending migrations again (none after openStore): for tests and the ops CLI. */
  async runMigrations(): Promise<string[]> {
    return migrateToLatest(this.#q, this.#log, this.#schema);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#q);
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (!db) return;
    this.#db = undefined;
    try {
      await db.destroy();
    } finally {
      await this.#lock?.release();
      this.#log.info('store closed');
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  #fileLog(file: FileRecord): Logger {
    return this.#log.child({ fileId: file.id, partnerId: file.partnerId });
  }

  async #fileTransition(
    fileId: string,
    method: string,
    from: FileState[],
    set: Updateable<FilesTable>,
  ): Promise<FileRecord> {
    const row = await this.#q
      .updateTable('files')
      .set(set)
      .where('id', '=', fileId)
      .where('state', 'in', from)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw await this.#refused('files', fileId, method, from);
    const file = toFile(row);
    this.#fileLog(file).info(
      { to: file.state, ...(file.duplicateOf ? { duplicateOf: file.duplicateOf } : {}) },
      'file state',
    );
    return file;
  }

  // Why a guarded UPDATE matched nothing: no such row, or a row in another state.
  async #refused(
    table: 'files' | 'outbox' | 'outbound',
    id: string,
    method: string,
    allowed: string[],
  ): Promise<DocksideError> {
    const row = await this.#q.selectFrom(table).select('state').where('id', '=', id).executeTakeFirst();
    const what = table === 'files' ? 'file' : table === 'outbox' ? 'outbox event' : 'outbound document';
    if (!row) return notFound(what, id);
    return invalidState(what, id, method, row.state, allowed);
  }
}

function findInterchange(
  q: Kysely<Database> | Transaction<Database>,
  partnerId: string,
  control: string,
  since: Date,
) {
  const query = q
    .selectFrom('interchanges')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('control', '=', control)
    .where('received_at', '>=', since);
  return query.orderBy('received_at', 'desc').limit(1).executeTakeFirst();
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(1000, Math.floor(limit)));
}

/** The columns every new `files` row gets from a NewFile. */
function newFileRow(input: NewFile, state: FileState, now: Date) {
  return {
    id: randomUUID(),
    partner_id: input.partnerId,
    transport: input.transport,
    name: storable(input.name),
    remote_key: input.remoteKey ?? null,
    sha256: input.sha256,
    size: input.size,
    state,
    received_at: input.receivedAt ?? now,
    updated_at: now,
  };
}

// ---- batched writes ------------------------------------------------------------------------

/** One caller's part of a batch: its answer, or the error it alone gets. */
type Settled<T> = { value: T; error?: undefined } | { error: unknown };

function unwrap<T>(settled: Settled<T>): T {
  if ('value' in settled) return settled.value as T;
  throw settled.error;
}
