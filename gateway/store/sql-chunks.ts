// Multi-row INSERTs in slices: PostgreSQL allows 65535 parameters per statement, and 500 rows
// of at most 13 columns stay far below.
const INSERT_CHUNK = 500;

/** `items` in slices of at most INSERT_CHUNK. */
export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += INSERT_CHUNK) out.push(items.slice(i, i + INSERT_CHUNK));
  return out;
}
