// Open the gateway's store: PGlite under `<home>/pglite` (locked to this process) by default,
// PostgreSQL when a URL is given; migrations run on every open.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import { fileBlobStore } from './blob-store';
import { acquireDirLock, type DirLock } from './dir-lock';
import { migrateToLatest } from './migrate';
import { pglitePool } from './pglite-pool';
import { openPgliteThread } from './pglite-thread';
import type { Database } from './schema';
import { SqlStore } from './sql-store';
import type { Store } from './store';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** The data folder (DOCKSIDE_HOME): blobs under `blobs/`, PGlite under `pglite/`. */
  home: string;
  /** A PostgreSQL URL (DATABASE_URL); without one the embedded PGlite is used. */
  databaseUrl?: string;
  /**
   * A schema to keep the tables in (created if missing; put first on the search_path). Tests
   * use one per file; the default is the database's own (public).
   */
  schema?: string;
  /** Connections of the PostgreSQL pool (default 10). */
  poolSize?: number;
  logger?: Logger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Open the store, take the PGlite lock when embedded, and migrate to the newest schema. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'store' });
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new DocksideError('DS_STORE_OPEN_FAILED', `not a plain schema name: ${JSON.stringify(schema)}`);
  }
  const home = path.resolve(options.home);
  await fs.mkdir(home, { recursive: true });
  const blobs = fileBlobStore(path.join(home, 'blobs'));

  let db: Kysely<Database>;
  let lock: DirLock | undefined;
  const backend = options.databaseUrl ? 'postgres' : 'pglite';
  if (options.databaseUrl) {
    db = await openPostgres(options.databaseUrl, schema, options.poolSize ?? 10, log);
  } else {
    lock = await acquireDirLock(path.join(home, 'pglite.lock'));
    try {
      db = await openPglite(path.join(home, 'pglite'), schema, log);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }
  try {
    await migrateToLatest(db, log, schema);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    await lock?.release();
    throw err;
  }
  log.info({ backend, home, ...(schema ? { schema } : {}) }, 'store open');
  return new SqlStore({ db, blobs, log, backend, lock, schema });
}

async function openPglite(
  dataDir: string,
  schema: string | undefined,
  log: Logger,
): Promise<Kysely<Database>> {
  let pg;
  try {
    pg = await openPgliteThread(dataDir, (err) =>
      log.fatal({ err }, 'the embedded database stopped; restart the gateway'),
    );
  } catch (err) {
    throw new DocksideError(
      'DS_STORE_OPEN_FAILED',
      `cannot open the PGlite database in ${dataDir}: ${String(err)}`,
      {
        dataDir,
      },
    );
  }
  if (schema) {
    // PGlite is one session: a session-level search_path holds for every later query.
    await pg
      .exec(`create schema if not exists ${schema}; set search_path to ${schema}`)
      .catch(async (err) => {
        await pg.close().catch(() => undefined);
        throw err;
      });
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pg) }) });
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  poolSize: number,
  log: Logger,
): Promise<Kysely<Database>> {
  const { Pool } = await import('pg');
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    // Every pooled connection starts on the schema, so unqualified table names resolve there.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server emits 'error'; unhandled it would kill the process.
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection failed'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    else await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw new DocksideError(
      'DS_STORE_OPEN_FAILED',
      `cannot reach PostgreSQL: ${String(err)}`,
      { schema },
      true,
    );
  }
  return db;
}
