import { schema004010 } from './004010';
import { schema005010 } from './005010';
import type { VersionSchema } from './types';

/** Every version family Dockside validates. */
export const versionSchemas: readonly VersionSchema[] = [schema004010, schema005010];

/**
 * The schema for a functional group's GS08 version code. Every 0040xx release (004010, 004010VICS,
 * 004030, 004060, 004010X098A1 …) is validated as 004010 — partners label 004010 documents with later
 * 004 releases, and the 850/856/810 structures Dockside reads did not change in ways our checks depend on.
 * Every 0050xx release (005010, 005010X231A1 …) is validated as 005010. Anything else is unsupported.
 */
export function schemaFor(gs08: string): VersionSchema | undefined {
  const v = gs08.trim();
  if (v.startsWith('0040')) return schema004010;
  if (v.startsWith('0050')) return schema005010;
  return undefined;
}
