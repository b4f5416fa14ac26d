// The PGlite data folder is held by one process: a second open, in this process or another,
// gets DS_STORE_LOCKED naming the owner; a lock left by a dead process is taken over.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocksideError } from '../../../canonical/errors';
import { acquireDirLock } from '../../../gateway/store/dir-lock';
import { openStore } from '../../../gateway/store/open-store';
import type { Store } from '../../../gateway/store/store';
import { preparePgliteHome } from './support/backends';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'support', 'open-store-child.ts');
const REGISTER = join(__dirname, 'support', 'swc-register.js');

// A pid that is certainly dead: a child that has already exited.
function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString(),
  );
}

function openInChild(home: string): {
  code?: string;
  message?: string;
  context?: { pid?: number };
  opened?: boolean;
} {
  const out = spawnSync(process.execPath, ['-r', REGISTER, CHILD, home], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    // The child needs no jest flags; without the VM flag PGlite loads as plain CommonJS.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (!line) throw new Error(`child printed nothing: ${out.stderr}`);
  return JSON.parse(line);
}

describe('lock file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockside-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the owner pid and is removed on release', async () => {
    const path = join(dir, 'pglite.lock');
    const lock = await acquireDirLock(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(existsSync(path)).toBe(false);
    await (await acquireDirLock(path)).release();
  });

  it('refuses a second holder in the same process, naming the pid', async () => {
    const path = join(dir, 'pglite.lock');
    const lock = await acquireDirLock(path);
    const err = await acquireDirLock(path).catch((e: unknown) => e as DocksideError);
    expect(err).toBeInstanceOf(DocksideError);
    expect(err).toMatchObject({ code: 'DS_STORE_LOCKED', context: { pid: process.pid } });
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    await lock.release();
  });

  it('refuses a lock held by another live process (the parent of this jest worker)', async () => {
    const path = join(dir, 'pglite.lock');
    writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), token: 'theirs', since: '' }));
    await expect(acquireDirLock(path)).rejects.toMatchObject({
      code: 'DS_STORE_LOCKED',
      context: { pid: process.ppid },
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('theirs');
  });

  it('takes over a lock whose process is dead', async () => {
    const path = join(dir, 'pglite.lock');
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), token: 'old', since: '2020-01-01' }));
    const lock = await acquireDirLock(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock with our own pid that this process does not hold (pid reused after a restart)', async () => {
    const path = join(dir, 'pglite.lock');
    writeFileSync(
      path,
      JSON.stringify({ pid: process.pid, host: hostname(), token: 'previous-life', since: '' }),
    );
    await (await acquireDirLock(path)).release();
  });

  it('does not release a lock that was taken over by someone else', async () => {
    const path = join(dir, 'pglite.lock');
    const lock = await acquireDirLock(path);
    writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), token: 'other', since: '' }));
    await lock.release();
    expect(existsSync(path)).toBe(true);
  });

  it('lets exactly one of many concurrent takers of a stale lock win', async () => {
    const path = join(dir, 'pglite.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old', since: '' }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDirLock(path)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'DS_STORE_LOCKED' });
    }
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireDirLock>>>).value.release();
  });
});

describe('openStore on a PGlite folder in use', () => {
  let home: string;
  let store: Store;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'dockside-lock-store-'));
    await preparePgliteHome(home);
    store = await openStore({ home });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('refuses a second open in the same process', async () => {
    const err = await openStore({ home }).catch((e: unknown) => e as DocksideError);
    expect(err).toMatchObject({ code: 'DS_STORE_LOCKED', context: { pid: process.pid } });
    // The first store is unharmed.
    expect(await store.listFiles()).toEqual([]);
  });

  it('refuses an open from another process, naming this pid', () => {
    const res = openInChild(home);
    expect(res.code).toBe('DS_STORE_LOCKED');
    expect(res.context?.pid).toBe(process.pid);
    expect(res.message).toContain(`pid ${process.pid}`);
  });

  it('lets another process open it once closed, and again after that process died holding it', async () => {
    const { file } = await store.recordFile({
      partnerId: 'p',
      transport: 'dropzone',
      name: 'a.x12',
      sha256: 'a'.repeat(64),
      size: 1,
    });
    await store.close();
    expect(existsSync(join(home, 'pglite.lock'))).toBe(false);
    expect(openInChild(home)).toMatchObject({ opened: true });

    // A crash leaves the lock file behind; its pid is dead, so the next open takes it over.
    writeFileSync(
      join(home, 'pglite.lock'),
      JSON.stringify({ pid: deadPid(), host: hostname(), token: 'x', since: '' }),
    );
    store = await openStore({ home });
    expect((await store.getFile(file.id))?.name).toBe('a.x12');
  });
});
