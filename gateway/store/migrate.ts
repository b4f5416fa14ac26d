// Bring a database up to the newest schema with Kysely's Migrator.
import { Migrator, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import { migrationProvider } from './migrations';

/**
 * Run every pending migration. Safe to call on every start and from several gateways at once:
 * the Migrator takes its own lock table, and migrations already applied are skipped.
 * `schema` keeps the migration bookkeeping tables in that schema (tests use one per file).
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  log: Logger,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) log.info({ migration: name }, 'migration applied');
  if (error) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName;
    throw new DocksideError(
      'DS_STORE_OPEN_FAILED',
      `database migration ${failed ?? ''} failed: ${String(error)}`,
      {
        migration: failed,
        cause: error,
      },
    );
  }
  return applied;
}
