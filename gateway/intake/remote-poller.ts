// The remote SFTP poller: fetches files from a partner's own SFTP server on an interval. Order per
// file is download → verify → dedupe → record (onFile) → delete/move remotely, so the remote folder
// stays the queue until a file is recorded, and a crash after recording only costs a re-download
// that the dedupe key turns into a plain delete/move.
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import pino, { type Logger } from 'pino';
import type SftpClient from 'ssh2-sftp-client';
import { DocksideError } from '../../canonical/errors';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from '../config/profile-schema';
import { archiveName } from './dropzone-archive';
import { isTempName } from './dropzone-temp-names';
import { LeaseKeeper, type IntakeLease } from './intake-lease';
import {
  checkRemoteConnect,
  openRemoteSession,
  type RemoteConnect,
  type RemoteSession,
} from './remote-connection';

/** What the receiver gets for one remote file. */
export interface RemoteFile {
  name: string;
  bytes: Buffer;
  /** The dedupe key (see {@link remoteDedupeKey}); store it with the file record. */
  remoteKey: string;
  size: number;
  mtime: Date;
  remotePath: string;
  sha256: string;
}

/** Options of {@link startRemotePoller}. */
export interface RemotePollerOptions {
  partnerId: string;
  connect: RemoteConnect;
  /** Remote folder to fetch from (absolute, or relative to the login folder). */
  inboundPath: string;
  pollIntervalSeconds: number;
  afterReceipt: 'delete' | 'move';
  /** Remote folder that received files are moved to when `afterReceipt` is `'move'`; created if missing. */
  moveTo?: string;
  /** True when a file with this dedupe key is already recorded. */
  alreadyReceived: (key: string) => Promise<boolean>;
  /** Must resolve only once the file is durably recorded (with its key, so alreadyReceived sees it). */
  onFile: (info: RemoteFile) => Promise<void>;
  logger?: Logger;
  /** Seconds before the first automatic poll. Default 0: a restart fetches at once. */
  initialDelaySeconds?: number;
  /**
   * The folder is listed again this many seconds after the first listing, and only files that did
   * not change between are taken: without it, a partner that paused while writing a file had it
   * recorded cut short and the rest deleted with it. Default 0.
   */
  settleSeconds?: number;
  /** Larger files are left on the server, not downloaded, and reported each poll. Default 50 MiB. */
  maxFileSizeBytes?: number;
  /** Longest wait (seconds) between polls while the server is unreachable. Default 900. */
  maxBackoffSeconds?: number;
  /**
   * Gateways sharing one database poll a partner one at a time: a poll takes this lease first,
   * does nothing while another gateway holds it, and renews it while it runs.
   */
  lease?: IntakeLease;
}

/** One error of a poll, as data: polls report failures, they never throw them. */
export interface PollError {
  code: string;
  message: string;
  name?: string;
}

/** The outcome of one poll. `ok` is false when anything failed; failed files are retried next poll. */
export interface PollResult {
  partnerId: string;
  ok: boolean;
  /** Regular, non-temp files found in the listing. */
  listed: number;
  /** Handed to onFile and recorded. */
  received: number;
  /** Already recorded earlier (a crash or failure before the remote delete/move): only cleaned up. */
  duplicates: number;
  /** Deleted or moved remotely. */
  cleanedUp: number;
  /** Left for the next poll because the download did not match the listing. */
  mismatched: number;
  /** Directories, links and temp names that were not touched. */
  skipped: number;
  /** Another gateway held the partner's poll lease: this poll left the server alone. */
  polledElsewhere: boolean;
  failed: number;
  errors: PollError[];
  durationMs: number;
}

/** A running poller. */
export interface RemotePoller {
  /** Polls now (after the poll in progress, if any) and resolves with its result; never rejects for I/O errors. */
  pollNow(): Promise<PollResult>;
  /** Stops the timer, lets a poll in progress finish its current file, and waits for it. */
  close(): Promise<void>;
}

/**
 * The dedupe key of a remote file: partner, size, mtime (ms), sha256 and remote path. The path comes
 * last so that any character in it is harmless. The same bytes under the same path and mtime are the
 * same delivery; a partner re-sending identical content later gets a new mtime and a new key.
 */
export function remoteDedupeKey(
  partnerId: string,
  remotePath: string,
  size: number,
  mtimeMs: number,
  sha256: string,
) {
  return `sftp:${partnerId}:${size}:${mtimeMs}:${sha256}:${remotePath}`;
}

/** Errors that mean "the server is not usable right now": the next polls back off. */
const BACKOFF_CODES = new Set([
  'DS_INTAKE_REMOTE_CONNECT_FAILED',
  'DS_INTAKE_REMOTE_HOST_KEY_MISMATCH',
  'DS_INTAKE_REMOTE_LIST_FAILED',
]);

/** Polls of one partner never overlap, even across poller instances (a profile reload starts a new one). */
const partnerLocks = new Map<string, Promise<unknown>>();

function withPartnerLock<T>(partnerId: string, work: () => Promise<T>): Promise<T> {
  const previous = partnerLocks.get(partnerId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  partnerLocks.set(partnerId, settled);
  void settled.then(() => {
    if (partnerLocks.get(partnerId) === settled) partnerLocks.delete(partnerId);
  });
  return next;
}

/** Starts polling a partner's SFTP server; the first poll runs after `initialDelaySeconds`. */
export function startRemotePoller(options: RemotePollerOptions): RemotePoller {
  const { partnerId, connect, inboundPath, afterReceipt, moveTo, alreadyReceived, onFile } = options;
  const maxFileSizeBytes = options.maxFileSizeBytes ?? DEFAULT_MAX_FILE_SIZE_BYTES;
  const context = { partnerId, host: connect.host, port: connect.port, inboundPath };
  checkRemoteConnect(connect, context);
  if (afterReceipt === 'move' && !moveTo) {
    throw new DocksideError(
      'DS_INTAKE_REMOTE_CONFIG_INVALID',
      `${partnerId}: afterReceipt 'move' needs moveTo`,
      context,
    );
  }
  if (!(options.pollIntervalSeconds > 0)) {
    throw new DocksideError(
      'DS_INTAKE_REMOTE_CONFIG_INVALID',
      `${partnerId}: pollIntervalSeconds must be > 0`,
      context,
    );
  }
  const log = (options.logger ?? pino({ level: 'silent' })).child({
    partnerId,
    module: 'intake.remote-poller',
  });
  const intervalMs = options.pollIntervalSeconds * 1000;
  const maxBackoffMs = Math.max(intervalMs, (options.maxBackoffSeconds ?? 900) * 1000);

  let closed = false;
  /** Ends a poll's settle wait at once (see `settled`). */
  let wakeSettle: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let connectFailures = 0;
  let queued: Promise<PollResult> | null = null;
  const inflight = new Set<Promise<PollResult>>();

  function requestPoll(): Promise<PollResult> {
    if (queued) return queued; // callers waiting for a poll that has not started yet share it
    const poll: Promise<PollResult> = withPartnerLock(partnerId, () => {
      if (queued === poll) queued = null;
      return runPoll();
    });
    queued = poll;
    inflight.add(poll);
    const forget = () => void inflight.delete(poll);
    poll.then(forget, forget);
    return poll;
  }

  function schedule(delayMs: number): void {
    if (closed) return;
    timer = setTimeout(() => {
      void requestPoll()
        .catch((err: unknown) => {
          log.error({ err }, 'remote poller: unexpected failure');
          return undefined;
        })
        .then((result) => {
          const unreachable = result?.errors.some((e) => BACKOFF_CODES.has(e.code));
          connectFailures = unreachable ? connectFailures + 1 : 0;
          schedule(nextDelay());
        });
    }, delayMs);
  }

  /** The interval, or while the server is unreachable an exponential backoff with ±10 % jitter. */
  function nextDelay(): number {
    if (connectFailures === 0) return intervalMs;
    const base = Math.min(intervalMs * 2 ** connectFailures, maxBackoffMs);
    return Math.round(base * (0.9 + Math.random() * 0.2));
  }

  async function runPoll(): Promise<PollResult> {
    const started = Date.now();
    const result: PollResult = {
      partnerId,
      ok: true,
      listed: 0,
      received: 0,
      duplicates: 0,
      cleanedUp: 0,
      mismatched: 0,
      skipped: 0,
      polledElsewhere: false,
      failed: 0,
      errors: [],
      durationMs: 0,
    };
    const fail = (err: unknown, fallbackCode: string, name?: string) => {
      const error = asDocksideError(err, fallbackCode, { ...context, name });
      result.ok = false;
      result.errors.push({ code: error.code, message: error.message, ...(name ? { name } : {}) });
      log.warn({ err: error, code: error.code, name }, error.message);
    };
    if (closed) {
      fail(
        new DocksideError('DS_INTAKE_REMOTE_POLLER_CLOSED', 'poller is closed', context),
        'DS_INTAKE_REMOTE_POLLER_CLOSED',
      );
      return finish(result, started);
    }
    const keeper = options.lease && new LeaseKeeper(options.lease);
    if (keeper) {
      try {
        result.polledElsewhere = !(await keeper.hold());
      } catch (err) {
        fail(err, 'DS_INTAKE_REMOTE_LEASE_FAILED');
        return finish(result, started);
      }
      if (result.polledElsewhere) return finish(result, started);
    }
    // Renewed while the poll runs; once it cannot be, the poll stops between files (another
    // gateway may be polling already).
    let leaseProblem: DocksideError | undefined;
    keeper?.keepRenewing(true, (err) => {
      leaseProblem ??= err
        ? asDocksideError(err, 'DS_INTAKE_REMOTE_LEASE_FAILED', context)
        : new DocksideError('DS_INTAKE_REMOTE_LEASE_LOST', 'poll lease taken by another gateway', context);
    });
    try {
      await pollServer(result, fail, () => leaseProblem !== undefined);
    } finally {
      await keeper?.release().catch((err: unknown) => log.warn({ err }, 'poll lease not released'));
      if (leaseProblem) fail(leaseProblem, leaseProblem.code);
    }
    return finish(result, started);
  }

  /** Connect, list and fetch each file, until done, closed or `stop()` says so. */
  async function pollServer(
    result: PollResult,
    fail: (err: unknown, code: string, name?: string) => void,
    stop: () => boolean,
  ): Promise<void> {
    let session: RemoteSession;
    try {
      session = await openRemoteSession(connect, log, context);
    } catch (err) {
      fail(err, 'DS_INTAKE_REMOTE_CONNECT_FAILED');
      return;
    }
    try {
      let entries: SftpClient.FileInfo[];
      try {
        entries = await session.client.list(inboundPath);
      } catch (err) {
        fail(err, 'DS_INTAKE_REMOTE_LIST_FAILED');
        return;
      }
      if ((options.settleSeconds ?? 0) > 0) {
        try {
          entries = await settled(session, entries, options.settleSeconds as number, result);
        } catch (err) {
          fail(err, 'DS_INTAKE_REMOTE_LIST_FAILED');
          return;
        }
      }
      // Oldest first, so that a partner's sequence of files is recorded in the order it was written.
      entries.sort((a, b) => a.modifyTime - b.modifyTime || a.name.localeCompare(b.name));
      const mover = afterReceipt === 'move' ? remoteMover(session.client, moveTo as string) : undefined;
      for (const entry of entries) {
        if (entry.type !== '-' || isTempName(entry.name)) {
          result.skipped++;
          continue;
        }
        result.listed++;
        // Stop between files, never inside one: a file recorded by onFile still gets its delete/move.
        if (closed || session.lost || stop()) continue;
        // Downloads are held whole in memory: a file over the partner's limit is not taken at all.
        if (entry.size > maxFileSizeBytes) {
          result.failed++;
          const limit = `${entry.size} bytes is over the partner's limit of ${maxFileSizeBytes} (limits.maxFileSizeBytes)`;
          fail(new Error(`left on the server: ${limit}`), 'DS_INTAKE_REMOTE_TOO_LARGE', entry.name);
          continue;
        }
        try {
          await fetchOne(session, entry, mover, result, fail, stop);
        } catch (err) {
          result.failed++;
          fail(err, 'DS_INTAKE_REMOTE_DOWNLOAD_FAILED', entry.name);
        }
      }
      if (session.lost && !closed && result.ok) {
        fail(new Error('connection lost during the poll'), 'DS_INTAKE_REMOTE_CONNECT_FAILED');
      }
    } finally {
      await session.close();
    }
  }

  /** The entries still the same (size and time) in a listing `seconds` later; the others are counted as mismatched. */
  async function settled(
    session: RemoteSession,
    entries: SftpClient.FileInfo[],
    seconds: number,
    result: PollResult,
  ): Promise<SftpClient.FileInfo[]> {
    // close() cuts the wait short (reloads restart every poller): nothing is taken then.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      wakeSettle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wakeSettle = undefined;
    if (closed) return [];
    const again = new Map((await session.client.list(inboundPath)).map((e) => [e.name, e]));
    return entries.filter((e) => {
      const now = again.get(e.name);
      const same = now !== undefined && now.size === e.size && now.modifyTime === e.modifyTime;
      if (!same && now !== undefined && e.type === '-' && !isTempName(e.name)) {
        result.mismatched++;
        log.info(
          { name: e.name, size: e.size, sizeNow: now.size },
          'remote file still changing; the next poll takes it',
        );
      }
      return same;
    });
  }

  /**
   * Download, verify, dedupe, record and clean up one file, counting into `result`. A failure before
   * the file is recorded is thrown (the file stays remote); a cleanup failure is reported through `fail`.
   */
  async function fetchOne(
    session: RemoteSession,
    entry: SftpClient.FileInfo,
    mover: ((name: string, from: string) => Promise<string>) | undefined,
    result: PollResult,
    fail: (err: unknown, code: string, name?: string) => void,
    stop: () => boolean,
  ): Promise<void> {
    const { client } = session;
    const remotePath = posix.join(inboundPath, entry.name);
    const flog = log.child({ name: entry.name, remotePath, size: entry.size });
    let bytes: Buffer;
    let after: SftpClient.FileStats;
    try {
      bytes = await download(client, remotePath, maxFileSizeBytes);
      after = await client.stat(remotePath);
    } catch (err) {
      throw asDocksideError(err, 'DS_INTAKE_REMOTE_DOWNLOAD_FAILED', { ...context, remotePath });
    }
    if (bytes.length !== entry.size || after.size !== entry.size || after.modifyTime !== entry.modifyTime) {
      // Still being written (or replaced) on the partner's side: what we hold may be partial. Not an
      // error of the poll: the next poll sees the finished file.
      result.mismatched++;
      flog.warn(
        { code: 'DS_INTAKE_REMOTE_SIZE_MISMATCH', downloaded: bytes.length, sizeNow: after.size },
        `${entry.name}: listed ${entry.size} bytes, downloaded ${bytes.length}, now ${after.size}; retry next poll`,
      );
      return;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const remoteKey = remoteDedupeKey(partnerId, remotePath, entry.size, entry.modifyTime, sha256);
    let duplicate: boolean;
    try {
      duplicate = await alreadyReceived(remoteKey);
      if (!duplicate) {
        const mtime = new Date(entry.modifyTime);
        await onFile({ name: entry.name, bytes, remoteKey, size: entry.size, mtime, remotePath, sha256 });
      }
    } catch (err) {
      throw asDocksideError(err, 'DS_INTAKE_REMOTE_HANDOVER_FAILED', { ...context, remotePath });
    }
    if (duplicate) result.duplicates++;
    else result.received++;
    flog.info({ sha256, duplicate }, duplicate ? 'remote file already recorded' : 'remote file recorded');
    // Lost the poll lease while recording it: another gateway may be fetching the same file now.
    // It stays: whoever polls next finds it recorded and only cleans it up.
    if (stop()) return;
    try {
      // Partners reuse file names: one sent again while this one was being recorded is not the
      // recorded file, and is left for the next poll instead of deleted or moved unrecorded.
      // (SFTP times are whole seconds: a same-size rewrite within one second is not seen.)
      const now = await client.stat(remotePath);
      if (now.size !== entry.size || now.modifyTime !== entry.modifyTime) {
        flog.info({ sizeNow: now.size }, 'remote file replaced since it was listed; the next poll takes it');
        return;
      }
      if (mover) {
        flog.info({ movedTo: await mover(entry.name, remotePath) }, 'remote file moved');
      } else {
        await client.delete(remotePath);
        flog.info('remote file deleted');
      }
      result.cleanedUp++;
    } catch (err) {
      // Recorded but still on the server: the next poll downloads it again, alreadyReceived says
      // true, and only the delete/move is repeated. Reported, so ops see a server refusing deletes.
      result.failed++;
      fail(err, 'DS_INTAKE_REMOTE_CLEANUP_FAILED', entry.name);
    }
  }

  function finish(result: PollResult, started: number): PollResult {
    result.durationMs = Date.now() - started;
    log.info(
      {
        ok: result.ok,
        listed: result.listed,
        received: result.received,
        duplicates: result.duplicates,
        failed: result.failed,
        ...(result.polledElsewhere && { polledElsewhere: true }),
      },
      'remote poll done',
    );
    return result;
  }

  schedule((options.initialDelaySeconds ?? 0) * 1000);
  log.info(
    { host: connect.host, port: connect.port, inboundPath, intervalSeconds: options.pollIntervalSeconds },
    'remote poller started',
  );

  return {
    pollNow() {
      if (closed) {
        return Promise.reject(
          new DocksideError('DS_INTAKE_REMOTE_POLLER_CLOSED', `poller of ${partnerId} is closed`, context),
        );
      }
      return requestPoll();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      wakeSettle?.();
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      log.info('remote poller stopped');
    },
  };
}

/** A function that moves a remote file into `moveTo` under a free name (creating the folder once). */
function remoteMover(client: SftpClient, moveTo: string) {
  let folderReady = false;
  return async (name: string, from: string): Promise<string> => {
    if (!folderReady) {
      if (!(await client.exists(moveTo))) await client.mkdir(moveTo, true);
      folderReady = true;
    }
    for (let n = 0; n < 10_000; n++) {
      const target = posix.join(moveTo, archiveName(name, n));
      // SFTP v3 rename refuses an existing target on OpenSSH, others overwrite: check first so an
      // earlier file of the same name is never replaced.
      if (await client.exists(target)) continue;
      await client.rename(from, target);
      return target;
    }
    throw new Error(`no free name for ${name} in ${moveTo}`);
  };
}

/** Wraps anything thrown into a DocksideError with `code`, keeping one that already is. */
function asDocksideError(
  err: unknown,
  code: string,
  context: Record<string, unknown>,
  retryable = true,
): DocksideError {
  if (err instanceof DocksideError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DocksideError(code, message, context, retryable);
}

/**
 * A remote file's bytes, at most `maxBytes` of them: the listed size was checked, but the file may
 * have grown since, and a download is held whole in memory.
 */
async function download(client: SftpClient, remotePath: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const capped = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new Error(`grew past the partner's limit of ${maxBytes} bytes`));
      chunks.push(chunk);
      done();
    },
  });
  await client.get(remotePath, capped);
  return Buffer.concat(chunks, size);
}
