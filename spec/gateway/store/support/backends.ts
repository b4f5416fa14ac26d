// The two databases every store test runs against: embedded PGlite (a temp data folder per test
// file) and the PostgreSQL on 127.0.0.1:5432 (a random schema per test file, dropped after).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openStore } from '../../../../gateway/store/open-store';
import type { Store } from '../../../../gateway/store/store';

/** The PostgreSQL the suite uses (override with DOCKSIDE_TEST_DATABASE_URL). */
export const TEST_DATABASE_URL =
  process.env.DOCKSIDE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// Decided synchronously, at collection time, so the PostgreSQL half is skipped (not silently
// passed) when nothing listens on the port.
function postgresReachable(): boolean {
  const url = new URL(TEST_DATABASE_URL);
  const probe = `require('net').connect(${Number(url.port || 5432)}, ${JSON.stringify(url.hostname)})
    .on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}

/** Whether the PostgreSQL half runs. */
export const POSTGRES_AVAILABLE = postgresReachable();
if (!POSTGRES_AVAILABLE) {
  console.warn(
    `store tests: PostgreSQL at ${TEST_DATABASE_URL} is unreachable; its half of the suite is SKIPPED`,
  );
}

/** A backend name, for describe.each. */
export type Backend = 'pglite' | 'postgres';

/** describe.each rows: the PostgreSQL row is marked for skipping when it is unreachable. */
export const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'pglite', skip: false },
  { backend: 'postgres', skip: !POSTGRES_AVAILABLE },
];

// initdb of a new PGlite folder takes 14-17 s under jest's VM, reopening one under 1 s: build
// an empty cluster once per PGlite version (kept in the temp folder across runs), copy it per
// test file. Migrations still run on the copy, so they stay under test.
const PGLITE_PACKAGE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'node_modules',
  '@electric-sql',
  'pglite',
  'package.json',
);
const PGLITE_VERSION = (JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')) as { version: string }).version;
const TEMPLATE = join(tmpdir(), `dockside-pglite-template-${PGLITE_VERSION}`);

async function pgliteTemplate(): Promise<string> {
  if (existsSync(TEMPLATE)) return TEMPLATE;
  const { PGlite } = await import('@electric-sql/pglite');
  const building = mkdtempSync(`${TEMPLATE}.building-`);
  const pg = await PGlite.create(join(building, 'pglite'));
  await pg.close();
  try {
    // Atomic: two test files building at once both finish, one rename wins.
    renameSync(join(building, 'pglite'), TEMPLATE);
  } catch {
    // The other builder won; its template is as good as ours.
  }
  rmSync(building, { recursive: true, force: true });
  return TEMPLATE;
}

/** Put an initialised, empty PGlite cluster at `<home>/pglite`, as openStore expects it. */
export async function preparePgliteHome(home: string): Promise<void> {
  cpSync(await pgliteTemplate(), join(home, 'pglite'), { recursive: true });
}

/** A store on a fresh database of the backend, and how to reopen and to dispose of it. */
export interface TestDatabase {
  home: string;
  /** The PostgreSQL schema (postgres backend only). */
  schema?: string;
  store: Store;
  /** Close and open again on the same database (migrations run again). */
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
}

/**
 * A fresh test database for the enclosing `describe`: opened before its tests (unless `skip`),
 * disposed of after them. `t.store` is always its current store, after `t.db.reopen()` too.
 */
export function useTestDatabase(
  backend: Backend,
  skip: boolean,
): { readonly db: TestDatabase; readonly store: Store } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    if (!skip) db = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });
  return {
    get db() {
      return db as TestDatabase;
    },
    get store() {
      return (db as TestDatabase).store;
    },
  };
}

/** Open a store on a fresh database: a new PGlite folder, or a new PostgreSQL schema. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  const home = mkdtempSync(join(tmpdir(), 'dockside-store-'));
  const schema = backend === 'postgres' ? `ds_test_${randomBytes(6).toString('hex')}` : undefined;
  if (backend === 'pglite') await preparePgliteHome(home);
  const open = () =>
    openStore({
      home,
      ...(backend === 'postgres' ? { databaseUrl: TEST_DATABASE_URL, schema, poolSize: 8 } : {}),
    });
  const db: TestDatabase = {
    home,
    ...(schema && { schema }),
    store: await open(),
    async reopen() {
      await db.store.close();
      db.store = await open();
      return db.store;
    },
    async dispose() {
      await db.store.close();
      if (schema) {
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
  return db;
}
