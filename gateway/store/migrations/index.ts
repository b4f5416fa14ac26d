// The migrations, in code: Kysely's Migrator runs them in key order. Add a module, add a line;
// never edit one that has shipped.
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as dispatch from './0002-dispatch';
import * as opsIndexes from './0003-ops-indexes';
import * as dispatchFunctions from './0004-dispatch-functions';
import * as leases from './0005-leases';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-dispatch': dispatch,
  '0003-ops-indexes': opsIndexes,
  '0004-dispatch-functions': dispatchFunctions,
  '0005-leases': leases,
};

/** The provider handed to Kysely's Migrator (no file-system scanning: works from ts and dist). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
