// Small pieces the SQL store modules share: the errors of a refused transition, text clipping,
// and slicing multi-row INSERTs.
import { DocksideError } from '../../canonical/errors';
import type { TranslationCommit } from './store';

// PostgreSQL allows 65535 parameters per statement; 500 rows of at most 13 columns stay far below.
const INSERT_CHUNK = 500;

/** `items` in slices of at most INSERT_CHUNK. */
export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += INSERT_CHUNK) out.push(items.slice(i, i + INSERT_CHUNK));
  return out;
}

export function notFound(what: string, id: string): DocksideError {
  return new DocksideError('DS_STORE_NOT_FOUND', `no ${what} ${id}`, { id });
}

export function invalidState(
  what: string,
  id: string,
  method: string,
  state: string,
  allowed: string[],
): DocksideError {
  return new DocksideError(
    'DS_STORE_INVALID_STATE',
    `${method}: ${what} ${id} is ${state}, expected ${allowed.join(' or ')}`,
    { id, state, allowed },
  );
}

/** The first error of a translation (and how many more), for the file row. */
export function summarizeErrors(result: TranslationCommit): string | null {
  if (result.errors.length === 0) return null;
  const first = result.errors[0];
  const more = result.errors.length > 1 ? ` (+${result.errors.length - 1} more)` : '';
  return truncate(`${first.code}: ${first.message}${more}`);
}

/**
 * Text as PostgreSQL text and jsonb can hold it: a NUL or a lone surrogate (partner bytes, a cut
 * through an emoji) becomes U+FFFD. Everything written from outside — file names, translation
 * errors, interchange senders, ERP answers — goes through here.
 */
export function storable(text: string): string {
  return text.replace(/[\u0000\ud800-\udfff]/gu, '\ufffd');
}

/** JSON for a jsonb column, its strings and keys made storable (jsonb refuses an escaped NUL too). */
export function storableJson(value: unknown): string {
  return JSON.stringify(storableValue(value));
}

function storableValue(v: unknown): unknown {
  if (typeof v === 'string') return storable(v);
  if (Array.isArray(v)) return v.map(storableValue);
  if (typeof v === 'object' && v !== null && !(v instanceof Date))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storableValue(x)]));
  return v;
}

/** Storable text of at most `max` characters (cut with an ellipsis). */
export function truncate(text: string, max = 2000): string {
  return storable(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

/** The error of a store used after close() (by its SQL side or by the embedded database's thread). */
export function storeClosed(): DocksideError {
  return new DocksideError('DS_STORE_CLOSED', 'the store is closed');
}
