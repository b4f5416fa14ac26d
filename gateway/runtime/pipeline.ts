// The pipeline: a received file is stored (blob + `files` row) before anything else happens;
// then translated, and its events, errors and acks committed in ONE transaction. Every stage is
// restartable: at start, files left `received` or `translating` by a crash are picked up again,
// and deterministic event ids make the commit idempotent.
import type { Logger } from 'pino';
import type { PartnerProfile } from '../config/profile-schema';
import type { CanonicalEvent } from '../../canonical/cloudevent';
import { DocksideError } from '../../canonical/errors';
import type { CommitOptions, CommitResult, FileRecord, RouteEvent, Store } from '../store';
import { reserveControlNumbers } from '../store';
import { ackOptionsFor, translatePartnerFile } from '../partner-translation';
import { duplicateInterchangeAcks } from '../../translators/x12/duplicate-acks';
import { inTurns, nextTurn } from '../in-turns';
import { detectFormat } from '../../translators/detect-format';
import { countEnvelopes } from '../../translators/x12/count-envelopes';
import type { ProfileRegistry } from './profile-registry';
import type { GatewayMetrics } from './metrics';
import { routeFor } from '../dispatch/event-route';

/** A file as an intake hands it over. */
export interface Received {
  readonly partner: PartnerProfile;
  /** hosted-sftp, dropzone, remote-sftp, http. */
  readonly transport: string;
  readonly name: string;
  readonly bytes: Buffer;
  /** Dedupe key of a polled file (partner + path + size + mtime + sha256). */
  readonly remoteKey?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * On PostgreSQL other gateways may be translating: a claim is taken over only this long after it
 * was made (the gateway that made it died). Translating a file takes seconds; one that takes
 * longer is translated twice, and the second commit is refused.
 */
const RECLAIM_AFTER_MS = 3 * 60_000;
/** Files translated together at most. */
const BATCH_SIZE = 100;

/** What a reprocess did. */
export interface ReprocessResult {
  fileId: string;
  state: string;
  queued: number;
  /** Events not yet posted that took the new translation (a dead letter stays one until replayed). */
  refreshed: number;
  alreadyQueued: number;
}

export class Pipeline {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly queued = new Set<string>();
  /** Scheduled files not yet in a batch, in arrival order. */
  private readonly pending: string[] = [];
  private batching = false;
  private readonly startedAt = new Date();
  private readonly committed: ((name: string, state: string, fileId: string) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly profiles: ProfileRegistry,
    private readonly logger: Logger,
    /** Called after each commit that queued events or acks, so delivery starts at once. */
    private readonly onCommitted: () => void = () => undefined,
    private readonly metrics?: GatewayMetrics,
  ) {}

  /**
   * Record a file durably (blob, then row) and schedule its translation. Resolves once the
   * file is recorded: only then may the intake delete or acknowledge the source.
   */
  async receive(input: Received): Promise<FileRecord> {
    const blob = await this.store.blobs.putBlob(input.bytes);
    const newFile = {
      partnerId: input.partner.id,
      transport: input.transport,
      name: input.name,
      sha256: blob.sha256,
      size: blob.size,
      ...(input.remoteKey && { remoteKey: input.remoteKey }),
    };
    const { file, created, match } = await this.store.recordFile(newFile);
    const log = this.logger.child({ partnerId: input.partner.id, fileId: file.id });
    if (created) {
      this.metrics?.filesReceived.inc({ partner: input.partner.id, transport: input.transport });
      log.info({ name: input.name, size: blob.size, transport: input.transport }, 'file received');
      this.schedule(file.id);
      return file;
    }
    if (match === 'sha256') {
      // The same bytes again: recorded as a duplicate of the first, not translated again.
      const dup = await this.store.recordDuplicate(newFile, file.id);
      this.logger
        .child({ partnerId: input.partner.id, fileId: dup.id })
        .warn({ duplicateOf: file.id, name: input.name }, 'duplicate file (same bytes)');
      return dup;
    }
    // The same remote file fetched again after a crash before its remote delete: already recorded.
    log.info({ name: input.name }, 'file already recorded');
    return file;
  }

  /** Call `listener` after each file's translation is committed (metrics, benchmarks). */
  onFileCommitted(listener: (name: string, state: string, fileId: string) => void): void {
    this.committed.push(listener);
  }

  /**
   * Translate files a crash left behind: 'received' ones, and 'translating' ones whose translator
   * is gone. The embedded database has one owner, so every claim made before this start is
   * orphaned; on PostgreSQL only a claim older than RECLAIM_AFTER_MS is (another gateway may be
   * translating the rest), and gateways call this periodically for those a dead gateway left.
   */
  async recover(): Promise<void> {
    for (const f of await this.store.listFilesToTranslate({
      reclaimBefore: this.reclaimBefore(),
      limit: 10_000,
    })) {
      this.schedule(f.id);
    }
  }

  private reclaimBefore(): Date {
    return this.store.backend === 'pglite' ? this.startedAt : new Date(Date.now() - RECLAIM_AFTER_MS);
  }

  /**
   * Translate a stored file again with today's profiles (after a profile fix), in turn with the
   * other files. Its events keep their ids: those already in the outbox are not queued twice,
   * and acks already sent for it are not sent again.
   */
  async reprocess(fileId: string): Promise<ReprocessResult> {
    // Reopening clears the file's findings and transactions: not without the bytes to redo them.
    const stored = await this.store.getFile(fileId);
    if (stored && !(await this.store.blobs.hasBlob(stored.sha256))) {
      throw new DocksideError(
        'DS_FILE_BYTES_MISSING',
        `file ${fileId} cannot be translated again: its stored bytes (blob ${stored.sha256}) are missing`,
        { fileId, sha256: stored.sha256 },
      );
    }
    const { hadAcks } = await this.store.reopenFile(fileId);
    this.queued.add(fileId);
    const run = this.queue.then(async () => {
      try {
        return await this.translate(fileId, { skipAcks: hadAcks, refreshUnsent: true });
      } catch (e) {
        await this.store.markFileFailed(fileId, (e as Error).message).catch(() => undefined);
        throw e;
      } finally {
        this.queued.delete(fileId);
      }
    });
    this.queue = run.catch(() => undefined);
    const result = await run;
    if (!result)
      return {
        fileId,
        state: (await this.store.getFile(fileId))?.state ?? 'failed',
        queued: 0,
        refreshed: 0,
        alreadyQueued: 0,
      };
    return {
      fileId,
      state: result.state,
      queued: result.queued,
      refreshed: result.refreshed.length,
      alreadyQueued: result.alreadyQueued.length,
    };
  }

  /** Resolves when everything scheduled so far is done. */
  async drain(): Promise<void> {
    let last: Promise<unknown> | undefined;
    while (last !== this.queue) {
      last = this.queue;
      await last;
    }
  }

  private schedule(fileId: string): void {
    if (this.queued.has(fileId)) return;
    this.queued.add(fileId);
    this.pending.push(fileId);
    if (this.batching) return;
    this.batching = true;
    this.queue = this.queue
      .then(() => this.runBatches())
      .catch((e: unknown) => this.logger.error({ err: e }, 'translation batch failed'));
  }

  /**
   * Translate scheduled files a batch at a time: the files of a batch are claimed, reserved,
   * translated and committed together (the store coalesces their statements), so a burst costs a
   * few database round trips per batch instead of a dozen per file.
   */
  private async runBatches(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // One turn of the event loop first, so files recorded meanwhile join the batch.
        await nextTurn();
        const batch = this.pending.splice(0, BATCH_SIZE);
        const outcomes = await this.translateBatch(batch);
        for (const [i, fileId] of batch.entries()) {
          const outcome = outcomes[i];
          if ('error' in outcome) {
            this.logger.error({ err: outcome.error, fileId }, 'translation failed');
            await this.store.markFileFailed(fileId, (outcome.error as Error).message).catch(() => undefined);
          }
          this.queued.delete(fileId);
        }
      }
    } finally {
      this.batching = false;
    }
  }

  private async translate(
    fileId: string,
    options: Pick<CommitOptions, 'skipAcks' | 'refreshUnsent'> = {},
  ): Promise<CommitResult | undefined> {
    const [outcome] = await this.translateBatch([fileId], options);
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /**
   * A TA1 (note code 025) for each ISA13 of a file dropped as a duplicate that repeats an earlier
   * file's, queued for the partner; true when any was. The file is committed already: a failure
   * here is logged, not thrown, and not retried (the partner then gets no TA1).
   */
  private async answerDuplicate(
    file: FileRecord,
    partner: PartnerProfile,
    bytes: Buffer,
    controls: readonly string[],
  ): Promise<boolean> {
    try {
      const numbers = await reserveControlNumbers(this.store, partner.id, {
        interchange: controls.length,
        group: 0,
        set: 0,
      });
      const acks = await duplicateInterchangeAcks(
        inTurns(bytes),
        new Set(controls),
        ackOptionsFor(partner, { controls: numbers }),
      );
      for (const content of acks) {
        await this.store.enqueueOutbound({ partnerId: partner.id, kind: 'TA1', content, fileId: file.id });
      }
      return acks.length > 0;
    } catch (err) {
      this.logger
        .child({ partnerId: file.partnerId, fileId: file.id })
        .error({ err }, 'duplicate interchange not answered with a TA1');
      return false;
    }
  }

  /** Translate `fileIds` together; one outcome per file, in order. Never rejects. */
  private async translateBatch(
    fileIds: readonly string[],
    options: Pick<CommitOptions, 'skipAcks' | 'refreshUnsent'> = {},
  ): Promise<({ result: CommitResult | undefined } | { error: unknown })[]> {
    const outcomes: ({ result: CommitResult | undefined } | { error: unknown } | undefined)[] = fileIds.map(
      () => undefined,
    );
    const fail = (i: number) => (error: unknown) => {
      outcomes[i] = { error };
      return undefined;
    };
    // Each stage runs for every file still going, all at once (so the store can coalesce them).
    const reclaimBefore = this.reclaimBefore();
    const claimed = await Promise.all(
      fileIds.map((fileId, i) =>
        this.store.claimForTranslation(fileId, { reclaimBefore }).catch((error: unknown) => {
          // Another gateway claimed it first, or it is done: not this file's failure (marking it
          // failed would fail the other gateway's translation).
          if (!(error instanceof DocksideError && error.code === 'DS_STORE_INVALID_STATE'))
            return fail(i)(error);
          this.logger.debug({ fileId }, 'file not claimable: translated or being translated elsewhere');
          outcomes[i] = { result: undefined };
          return undefined;
        }),
      ),
    );
    const loaded = await Promise.all(
      claimed.map(async (file, i) => {
        if (!file) return undefined;
        try {
          const partner = this.profiles.get(file.partnerId);
          const bytes = await this.store.blobs.getBlob(file.sha256);
          const x12 = detectFormat(bytes) === 'x12';
          // Control numbers come from the partner's sequences in the database, reserved before
          // the acks are built (the ack builder is pure and synchronous).
          const counts = x12 ? await countEnvelopes(inTurns(bytes)) : undefined;
          const controls =
            counts && partner
              ? await reserveControlNumbers(this.store, partner.id, {
                  interchange: counts.interchanges,
                  group: counts.groups,
                  set: counts.groups,
                })
              : undefined;
          return { file, partner, bytes, controls };
        } catch (e) {
          return fail(i)(e);
        }
      }),
    );
    const translated = await Promise.all(
      loaded.map(async (l, i) => {
        if (!l) return undefined;
        try {
          const { file, partner, bytes, controls } = l;
          const outcome = await translatePartnerFile(
            { name: file.name, bytes, fileId: file.sha256, receivedAt: file.receivedAt.toISOString() },
            {
              profiles: this.profiles.all(),
              profilesDir: this.profiles.dir,
              mappings: this.profiles.mappings(),
              partner,
              controls,
            },
          );
          if ('unroutable' in outcome) {
            await this.store.markFileFailed(file.id, outcome.unroutable);
            this.logger
              .child({ partnerId: file.partnerId, fileId: file.id })
              .error({ reason: outcome.unroutable }, 'file cannot be translated');
            outcomes[i] = { result: undefined };
            return undefined;
          }
          return { file, partner, outcome, bytes };
        } catch (e) {
          return fail(i)(e);
        }
      }),
    );
    // Commits are handed to the store in batch order: a duplicate interchange is found in the
    // later file, as when files were committed one after the other.
    let kick = false;
    await Promise.all(
      translated.map(async (t, i) => {
        if (!t) return;
        try {
          const { file, partner, outcome, bytes } = t;
          const windowDays = partner?.duplicateWindowDays ?? 30;
          const route = routeFor(partner);
          const result = await this.store.commitTranslation(
            file.id,
            {
              events: outcome.events,
              acks: outcome.x12?.acks ?? [],
              errors: outcome.errors,
              accepted: outcome.accepted,
              interchanges: outcome.x12?.interchanges ?? [],
              sets: outcome.x12?.sets ?? [],
            },
            {
              route,
              ...(options.skipAcks && { skipAcks: true }),
              ...(options.refreshUnsent && { refreshUnsent: true }),
              ...(windowDays > 0 && { duplicateSince: new Date(Date.now() - windowDays * DAY_MS) }),
            },
          );
          this.observe(file, outcome.events, outcome.errors, result, route);
          if (result.duplicateControls?.length && partner && !options.skipAcks) {
            if (await this.answerDuplicate(file, partner, bytes, result.duplicateControls)) kick = true;
          }
          const log = this.logger.child({ partnerId: file.partnerId, fileId: file.id });
          log.info(
            {
              state: result.state,
              events: result.queued,
              errors: outcome.errors.length,
              acks: outcome.x12?.acks.length ?? 0,
            },
            `file ${result.state}`,
          );
          for (const e of outcome.events) log.debug({ eventId: e.id, type: e.type }, 'event queued');
          for (const l of this.committed) l(file.name, result.state, file.id);
          if (result.queued > 0 || ((outcome.x12?.acks.length ?? 0) > 0 && result.state !== 'duplicate')) {
            kick = true;
          }
          outcomes[i] = { result };
        } catch (e) {
          fail(i)(e);
        }
      }),
    );
    // Delivery starts once per batch, not once per file.
    if (kick) this.onCommitted();
    return outcomes.map((o) => o ?? { error: new Error('translation did not finish') });
  }

  private observe(
    file: FileRecord,
    events: readonly CanonicalEvent[],
    errors: readonly { code: string }[],
    result: CommitResult,
    route: RouteEvent,
  ): void {
    if (!this.metrics || result.state === 'duplicate') return;
    const partner = file.partnerId;
    for (const e of errors) this.metrics.translationErrors.inc({ partner, code: e.code });
    const already = new Set([...result.alreadyQueued, ...result.refreshed]);
    for (const e of events) {
      if (!already.has(e.id)) this.metrics.eventsQueued.inc({ connector: route(e).connector, type: e.type });
    }
    this.metrics.translationLatency.observe((Date.now() - file.receivedAt.getTime()) / 1000);
  }
}
