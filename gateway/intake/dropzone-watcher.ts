// The drop-zone watcher: hands each complete file in a partner's local inbound folder to the
// receiver once, and only after the receiver has recorded it moves it to the archive (or deletes it).
// The folder itself is the queue: a file still in `inbound` is not yet recorded, so a restart (or a
// receiver failure) simply hands it over again and nothing is lost.
import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from '../config/profile-schema';
import { moveToArchive } from './dropzone-archive';
import { holdRecorded, releaseStale } from './dropzone-held';
import { readDroppedFile } from './dropzone-read';
import { isTempName } from './dropzone-temp-names';
import { LeaseKeeper, type IntakeLease } from './intake-lease';

/** What the receiver gets: the file's absolute path, base name, size and bytes at hand-over. */
export interface DropZoneFile {
  path: string;
  name: string;
  size: number;
  bytes: Buffer;
}

/** Options of {@link watchDropZone}; the tuning fields have defaults fit for production. */
export interface DropZoneOptions {
  partnerId: string;
  /** Folder partners (or local systems) write into; created when missing. */
  inbound: string;
  /** Folder recorded files are moved to when `afterReceipt` is `'move'`; created when missing. */
  archive?: string;
  afterReceipt: 'move' | 'delete';
  /** Must resolve only once the file is durably recorded; rejecting leaves the file to be retried. */
  onFile: (info: DropZoneFile) => Promise<void>;
  logger?: Logger;
  /** How long (ms) size and mtime must stay unchanged before a file counts as complete. Default 200. */
  stabilityMs?: number;
  /** Larger files are refused (logged and retried like a failed hand-over), never read. Default 50 MiB. */
  maxFileSizeBytes?: number;
  /** First retry delay (ms) after `onFile` rejects; doubles per failure. Default 1,000. */
  retryInitialMs?: number;
  /** Longest retry delay (ms). Default 300,000 (5 minutes). */
  retryMaxMs?: number;
  /**
   * Hand-overs running at the same time. Default 32: a hand-over mostly waits on fsyncs and the
   * database, so a burst of small files needs many in flight to keep the receiver's batches full.
   */
  concurrency?: number;
  /** Full re-read of `inbound` every N ms, for anything the OS watcher missed; 0 turns it off. Default 30,000. */
  rescanMs?: number;
  /**
   * Gateways sharing the folder (and one database) take turns: files are handed over while this
   * watcher holds the lease; while another gateway does, they are left to it (and looked at again
   * a third of the lease later, in case it stopped).
   */
  lease?: IntakeLease;
}

/** A running drop-zone watcher. */
export interface DropZoneWatcher {
  /** Stops watching, cancels pending retries and waits for hand-overs in progress to finish. */
  close(): Promise<void>;
}

/** Where one file is in its hand-over. */
type EntryState = 'waiting' | 'queued' | 'handing-over' | 'recorded';

interface Entry {
  state: EntryState;
  /** Failed hand-overs so far: drives the backoff. */
  failures: number;
  /** Failed archive moves/deletes so far. */
  cleanupFailures: number;
  timer?: NodeJS.Timeout;
  /** Size and mtime last seen; a hand-over needs the file to still match them. */
  seen?: { size: number; mtimeMs: number };
  /** A file was seen at this path after this one was recorded: look again once it is archived. */
  renewed?: boolean;
  /** The file as recorded (inode too): only that file is archived or deleted. */
  recorded?: Stats;
}

const DEFAULTS = {
  stabilityMs: 200,
  maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE_BYTES,
  retryInitialMs: 1_000,
  retryMaxMs: 300_000,
  concurrency: 32,
  rescanMs: 30_000,
};

/**
 * Starts watching a partner's drop zone. Resolves once the folder is watched and the files already
 * in it are queued, so files that arrived while the gateway was down are picked up too.
 */
export async function watchDropZone(options: DropZoneOptions): Promise<DropZoneWatcher> {
  const { partnerId, afterReceipt, onFile } = options;
  const cfg = { ...DEFAULTS, ...definedOnly(options) };
  const log = (options.logger ?? pino({ level: 'silent' })).child({ partnerId, module: 'intake.dropzone' });
  if (afterReceipt === 'move' && !options.archive) {
    throw new DocksideError(
      'DS_INTAKE_DROPZONE_ARCHIVE_REQUIRED',
      `drop zone of ${partnerId}: afterReceipt 'move' needs an archive folder`,
      { partnerId },
    );
  }
  const inbound = resolve(options.inbound);
  const archive = options.archive ? resolve(options.archive) : undefined;
  for (const dir of archive ? [inbound, archive] : [inbound]) {
    await mkdir(dir, { recursive: true }).catch((err: unknown) => {
      throw new DocksideError('DS_INTAKE_DROPZONE_UNAVAILABLE', `cannot create ${dir}: ${String(err)}`, {
        partnerId,
        dir,
      });
    });
  }

  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  const running = new Set<Promise<void>>();
  let active = 0;
  let closed = false;
  // chokidar applies awaitWriteFinish only after 'ready': the initial scan reports files at once, even
  // one a writer was still filling when the gateway restarted. Their stats are not trusted.
  let ready = false;

  /** Runs `work` in the background, tracked so close() can wait for it; it must never reject. */
  function track(work: Promise<void>): void {
    const settled = work.catch((err: unknown) => log.error({ err }, 'drop zone: unexpected failure'));
    running.add(settled);
    void settled.finally(() => running.delete(settled));
  }

  function later(path: string, entry: Entry, ms: number, then: () => void): void {
    entry.state = entry.state === 'recorded' ? 'recorded' : 'waiting';
    clearTimeout(entry.timer);
    if (closed) return; // a hand-over that ends during close() starts no timer
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!closed) then();
    }, ms);
  }

  function enqueue(path: string, entry: Entry): void {
    entry.state = 'queued';
    queue.push(path);
    pump();
  }

  function pump(): void {
    while (!closed && active < cfg.concurrency && queue.length > 0) {
      const path = queue.shift() as string;
      active++;
      track(
        handOver(path).finally(() => {
          active--;
          pump();
          renewWhileBusy();
        }),
      );
    }
    renewWhileBusy();
  }

  // With a lease, hand-overs run while this watcher holds it, which is renewed while they run (a
  // big file can take longer than the lease). While another gateway holds it, files are parked
  // and looked at again together when the refusal is old enough to ask again.
  const keeper = options.lease && new LeaseKeeper(options.lease);
  const parked = new Set<string>();
  let unpark: NodeJS.Timeout | undefined;
  function renewWhileBusy(): void {
    keeper?.keepRenewing(active > 0, (err) =>
      log.warn({ err }, 'drop zone: lease lost during a hand-over; another gateway may record the file too'),
    );
  }

  function park(path: string, entry: Entry, until: number): void {
    entry.state = 'waiting';
    parked.add(path);
    unpark ??= setTimeout(
      () => {
        unpark = undefined;
        for (const p of parked) {
          const e = entries.get(p);
          if (e && !closed) enqueue(p, e);
        }
        parked.clear();
      },
      Math.max(0, until - Date.now()),
    );
  }

  /** A file was seen (event or rescan): start its hand-over unless one is already under way. */
  function noticed(path: string, stats?: Stats): void {
    if (closed || isTempName(basename(path))) return;
    const seen = stats && ready ? { size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
    const entry = entries.get(path);
    if (entry) {
      // Already tracked: a retry timer, the queue or the receiver will get to it. A newer look at the
      // file replaces the old one so the pre-hand-over check compares against the latest state.
      // Once recorded, the event is about a new file of the same name (the partner sent it again
      // while the old one was being archived): it is looked at when the old one is gone.
      if (entry.state === 'recorded') entry.renewed = true;
      else if (seen) entry.seen = seen;
      return;
    }
    const fresh: Entry = { state: 'queued', failures: 0, cleanupFailures: 0, seen };
    entries.set(path, fresh);
    enqueue(path, fresh);
  }

  /** One hand-over attempt; any unexpected failure (a stat refused, say) is retried like a rejection. */
  async function handOver(path: string): Promise<void> {
    const entry = entries.get(path);
    if (!entry || closed) return;
    try {
      await handOverOnce(path, entry);
    } catch (err) {
      retryHandOver(path, entry, err);
    }
  }

  function retryHandOver(path: string, entry: Entry, err: unknown): void {
    entry.failures++;
    const delay = Math.min(cfg.retryInitialMs * 2 ** (entry.failures - 1), cfg.retryMaxMs);
    // A refusal of the watcher's own (a file over the limit) keeps its code; anything else is the receiver's.
    const own = err instanceof DocksideError && err.code === 'DS_INTAKE_DROPZONE_TOO_LARGE';
    const error = new DocksideError(
      own ? err.code : 'DS_INTAKE_DROPZONE_HANDOVER_FAILED',
      `cannot hand over ${basename(path)}: ${errMessage(err)}; retry in ${delay} ms`,
      { partnerId, path, attempt: entry.failures },
      true,
    );
    log.warn({ err: error, code: error.code, path, retryInMs: delay }, error.message);
    later(path, entry, delay, () => enqueue(path, entry));
  }

  async function handOverOnce(path: string, entry: Entry): Promise<void> {
    entry.state = 'handing-over';
    const name = basename(path);
    const before = await lstatOrNull(path);
    if (!before || !before.isFile()) {
      // Gone (renamed away, deleted) or not a regular file: symlinks could point outside the zone.
      if (before) log.warn({ path }, 'drop zone: not a regular file, ignored');
      entries.delete(path);
      return;
    }
    if (!sameFile(before, entry.seen)) {
      // Not seen at this size/mtime before (rescan, or it grew since chokidar declared it finished):
      // look again after the stability window instead of handing over a file still being written.
      entry.seen = { size: before.size, mtimeMs: before.mtimeMs };
      later(path, entry, cfg.stabilityMs, () => enqueue(path, entry));
      return;
    }
    if (keeper && (Date.now() < keeper.refusedUntil || !(await keeper.hold()))) {
      // Another gateway hands this folder over: it records the file (or stops, and its lease ends).
      park(path, entry, keeper.refusedUntil);
      return;
    }
    const flog = log.child({ path, name, size: before.size });
    const bytes = await readDroppedFile(path, before, cfg.maxFileSizeBytes);
    if (!bytes) {
      // Changed or replaced since the look above (by a symlink or a FIFO, say): look again.
      entry.seen = undefined;
      entry.state = 'waiting';
      later(path, entry, cfg.stabilityMs, () => enqueue(path, entry));
      return;
    }
    flog.debug('drop zone: handing over');
    await onFile({ path, name, size: before.size, bytes });
    const after = await lstatOrNull(path);
    if (after && !sameFile(after, { size: before.size, mtimeMs: before.mtimeMs })) {
      // Written to while being recorded: the recorded copy may be partial. Keep the file and hand
      // over the final content too; the receiver's sha256 dedupe tells the versions apart.
      flog.warn('drop zone: file changed while being recorded; handing it over again');
      entry.seen = undefined;
      entry.state = 'waiting';
      later(path, entry, cfg.stabilityMs, () => enqueue(path, entry));
      return;
    }
    entry.state = 'recorded';
    entry.recorded = before;
    flog.info('drop zone: file recorded');
    if (!after) {
      forget(path, entry);
      return;
    }
    await cleanUp(path, entry);
  }

  /** Done with the file recorded at `path`; a newer one seen meanwhile is taken up now. */
  function forget(path: string, entry: Entry): void {
    entries.delete(path);
    if (entry.renewed) noticed(path);
  }

  /** Archives or deletes a recorded file; on failure retries only this step, never the hand-over. */
  async function cleanUp(path: string, entry: Entry): Promise<void> {
    try {
      const now = await lstatOrNull(path);
      if (!now) {
        forget(path, entry); // already gone: nothing to archive or delete
        return;
      }
      const recorded = entry.recorded as Stats;
      if (!sameFile(now, entry.seen) || now.ino !== recorded.ino || now.dev !== recorded.dev) {
        // Not the file that was recorded: a new one took its name. Never archive or delete
        // unrecorded bytes; hand this one over as the new file it is.
        entry.renewed = true;
        forget(path, entry);
        return;
      }
      const held = await holdRecorded(inbound, basename(path), recorded);
      if (!held) {
        entry.renewed = true; // replaced between the look and the rename: put back as a new file
        forget(path, entry);
        return;
      }
      holding.add(held);
      try {
        if (afterReceipt === 'move') {
          const target = await moveToArchive(held, archive as string, basename(path));
          log.info({ path, archivedAs: target }, 'drop zone: file archived');
        } else {
          await unlink(held);
          log.info({ path }, 'drop zone: file deleted');
        }
      } catch (err) {
        // The file keeps its name while the archive or delete is retried (or, when even that
        // fails, a later rescan gives it back).
        await moveToArchive(held, inbound, basename(path)).catch((releaseErr: unknown) =>
          log.error({ err: releaseErr, held }, 'drop zone: held file not given back; a rescan will'),
        );
        throw err;
      } finally {
        holding.delete(held);
      }
      forget(path, entry);
    } catch (err) {
      entry.cleanupFailures++;
      const delay = Math.min(cfg.retryInitialMs * 2 ** (entry.cleanupFailures - 1), cfg.retryMaxMs);
      const error = new DocksideError(
        'DS_INTAKE_DROPZONE_CLEANUP_FAILED',
        `cannot ${afterReceipt === 'move' ? 'archive' : 'delete'} recorded file ${basename(path)}: ${errMessage(err)}`,
        { partnerId, path, attempt: entry.cleanupFailures },
        true,
      );
      log.error({ err: error, code: error.code, retryInMs: delay }, error.message);
      later(path, entry, delay, () => track(cleanUp(path, entry)));
    }
  }

  /** Held names of files this watcher is archiving now: never given back by its own rescans. */
  const holding = new Set<string>();

  async function rescan(): Promise<void> {
    try {
      const entries = await readdir(inbound, { withFileTypes: true });
      // Only the gateway handing the folder over gives held files back (the watcher sees them then).
      if (!keeper || (await keeper.hold())) await releaseStale(inbound, entries, holding);
      for (const dirent of entries) if (dirent.isFile()) noticed(join(inbound, dirent.name));
    } catch (err) {
      log.warn({ code: 'DS_INTAKE_DROPZONE_WATCH_FAILED', err }, 'drop zone: rescan failed');
    }
  }

  // Files a stopped gateway held while archiving them get their names back first (a crash
  // between the rename and the archive): the scan below hands them over again.
  await readdir(inbound, { withFileTypes: true })
    .then((entries) => releaseStale(inbound, entries, holding))
    .catch((err: unknown) =>
      log.warn({ code: 'DS_INTAKE_DROPZONE_WATCH_FAILED', err }, 'drop zone: held files not released'),
    );
  const watcher: FSWatcher = watch(inbound, {
    depth: 0,
    ignoreInitial: false,
    followSymlinks: false,
    awaitWriteFinish: {
      stabilityThreshold: cfg.stabilityMs,
      pollInterval: Math.max(10, Math.min(100, Math.floor(cfg.stabilityMs / 4))),
    },
    // The root itself must not be ignored even when its own name looks hidden.
    ignored: (p: string, stats?: Stats) =>
      resolve(p) !== inbound && (isTempName(basename(p)) || (stats !== undefined && !stats.isFile())),
  });
  watcher.on('add', (p: string, stats?: Stats) => noticed(resolve(p), stats));
  watcher.on('change', (p: string, stats?: Stats) => noticed(resolve(p), stats));
  watcher.on('error', (err: unknown) =>
    log.warn({ code: 'DS_INTAKE_DROPZONE_WATCH_FAILED', err }, 'drop zone: watcher error'),
  );
  await new Promise<void>((ready, fail) => {
    watcher.once('ready', ready);
    watcher.once('error', fail);
  }).catch(async (err: unknown) => {
    await watcher.close();
    throw new DocksideError('DS_INTAKE_DROPZONE_UNAVAILABLE', `cannot watch ${inbound}: ${errMessage(err)}`, {
      partnerId,
      inbound,
    });
  });
  ready = true;
  const rescanTimer = cfg.rescanMs > 0 ? setInterval(() => void rescan(), cfg.rescanMs) : undefined;
  log.info({ inbound, archive, afterReceipt }, 'drop zone: watching');

  return {
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(rescanTimer);
      for (const entry of entries.values()) clearTimeout(entry.timer);
      queue.length = 0;
      await watcher.close();
      while (running.size > 0) await Promise.allSettled([...running]);
      clearTimeout(unpark);
      // Another gateway sharing the folder takes over at once instead of when the lease runs out.
      await keeper?.release().catch((err: unknown) => log.warn({ err }, 'drop zone: lease not released'));
      log.info('drop zone: stopped');
    },
  };
}

/** True when `stats` still has the size and mtime of `seen`. */
function sameFile(stats: Stats, seen: { size: number; mtimeMs: number } | undefined): boolean {
  return seen !== undefined && stats.size === seen.size && stats.mtimeMs === seen.mtimeMs;
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The tuning options that were actually given, so `undefined` does not override a default. */
function definedOnly(options: DropZoneOptions): Partial<typeof DEFAULTS> {
  const out: Partial<typeof DEFAULTS> = {};
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
