// Shared helpers of the mapping tests: load a mapping from partners/mappings, build a context.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMapping } from '../../../translators/mapping/load-mapping';
import type { Mapping } from '../../../translators/mapping/mapping-schema';
import type { TranslateContext } from '../../../translators/mapping/emit';
import type { Tables } from '../../../translators/mapping/transforms';

/** Repository root. */
export const ROOT = join(__dirname, '..', '..', '..');
/** Fixture folders. */
export const CSV_DIR = join(ROOT, 'spec', 'fixtures', 'csv');
export const XML_DIR = join(ROOT, 'spec', 'fixtures', 'xml');
/** A fixed receipt time so golden events are stable. */
export const RECEIVED_AT = '2026-11-25T06:00:00Z';

/** Load partners/mappings/<name>.yaml, failing the test on any load error. */
export function loadMapping(name: string): Mapping {
  const file = join(ROOT, 'partners', 'mappings', `${name}.yaml`);
  const r = parseMapping(readFileSync(file, 'utf8'), file);
  if (!r.mapping)
    throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  return r.mapping;
}

/** sha256 hex, as intake computes the file id. */
export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A translate context for `bytes` named `fileName`. */
export function contextFor(
  mapping: Mapping,
  fileName: string,
  bytes: Buffer,
  partnerId: string,
  tables?: Tables,
): TranslateContext {
  return {
    mapping,
    partnerId,
    fileId: sha256(bytes),
    fileName,
    receivedAt: RECEIVED_AT,
    ...(tables ? { tables } : {}),
  };
}
