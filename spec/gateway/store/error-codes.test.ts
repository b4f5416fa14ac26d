// Every DS_STORE_* code the store throws is in its catalogue (gateway/store/error-codes.ts), and
// the catalogue lists nothing the store never throws.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { STORE_ERROR_CODES } from '../../../gateway/store/error-codes';

const DIR = join(__dirname, '..', '..', '..', 'gateway', 'store');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && name !== 'error-codes.ts' ? [path] : [];
  });
}

describe('store error codes', () => {
  const used = new Set(
    sources(DIR).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'(DS_STORE_[A-Z0-9_]+)'/g)].map((m) => m[1]),
    ),
  );

  it('catalogues every code the store throws, and only those', () => {
    expect([...used].sort()).toEqual(Object.keys(STORE_ERROR_CODES).sort());
  });
});
