// An exclusive lock on a PGlite data folder. PGlite runs PostgreSQL inside the process, without
// a postmaster: two processes opening one folder would both write it and corrupt it. The lock is
// a file created with O_EXCL that holds the owner's pid; a lock whose pid is dead is stale and
// taken over.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { DocksideError } from '../../canonical/errors';

/** What the lock file holds (JSON). */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** A held lock; `release()` removes the file if it is still ours. */
export interface DirLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

// Locks this process holds: a lock file with our own pid is live only if it is in here; any
// other lock file with our pid was left by an earlier process that had the same pid (a
// container restarted as pid 1, say).
const heldTokens = new Set<string>();

/** Take the lock at `lockPath` or throw DS_STORE_LOCKED naming the live owner. */
export async function acquireDirLock(lockPath: string): Promise<DirLock> {
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    token: randomUUID(),
    since: new Date().toISOString(),
  };
  // Two rounds: the second one runs after a stale lock was moved aside.
  for (let round = 0; round < 2; round++) {
    if (await tryCreate(lockPath, owner)) {
      heldTokens.add(owner.token);
      return {
        path: lockPath,
        owner,
        release: async () => {
          heldTokens.delete(owner.token);
          const now = await readOwner(lockPath);
          if (now?.token === owner.token) await fs.rm(lockPath, { force: true });
        },
      };
    }
    const current = await readOwner(lockPath);
    if (current === undefined) continue; // removed between our create and read: try again
    if (isLive(current)) throw lockedError(lockPath, current);
    await moveAsideIfStill(lockPath, current);
  }
  const current = await readOwner(lockPath);
  if (current) throw lockedError(lockPath, current);
  throw new DocksideError('DS_STORE_LOCK_FAILED', `could not take the lock ${lockPath}`, { lockPath });
}

// The lock appears complete or not at all: written to a temp name, then hard-linked into place
// (link() fails with EEXIST atomically), so a reader never sees a half-written owner.
async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temp = `${lockPath}.${owner.token}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(owner));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.link(temp, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DocksideError('DS_STORE_LOCK_FAILED', `cannot create the lock ${lockPath}: ${String(err)}`, {
      lockPath,
    });
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await fs.readFile(lockPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DocksideError('DS_STORE_LOCK_FAILED', `cannot read the lock ${lockPath}: ${String(err)}`, {
      lockPath,
    });
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number') {
      return {
        pid: parsed.pid,
        host: parsed.host ?? '',
        token: parsed.token ?? '',
        since: parsed.since ?? '',
      };
    }
  } catch {
    // Unreadable content (a hand-edited or truncated file): no live owner can be named.
  }
  return { pid: 0, host: os.hostname(), token: '', since: '' };
}

function isLive(owner: LockOwner): boolean {
  // A pid on another host (a shared volume) cannot be checked from here: assume it is alive.
  if (owner.host !== os.hostname()) return true;
  if (owner.pid <= 0) return false;
  if (owner.pid === process.pid) return heldTokens.has(owner.token);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Rename is atomic: of two processes that both found the same stale lock, one moves it; the
// other's rename fails (ENOENT) or moves the winner's fresh lock, which it then puts back.
async function moveAsideIfStill(lockPath: string, stale: LockOwner): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readOwner(aside);
  if (moved && moved.token !== stale.token && isLive(moved)) {
    // link() fails if a lock exists again; then the folder is taken either way.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}

function lockedError(lockPath: string, owner: LockOwner): DocksideError {
  const where = owner.host === os.hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
  return new DocksideError(
    'DS_STORE_LOCKED',
    `the data folder is in use by ${where} (lock ${lockPath}); stop that process, or use its API instead of opening the folder`,
    { lockPath, pid: owner.pid, host: owner.host, since: owner.since },
  );
}
