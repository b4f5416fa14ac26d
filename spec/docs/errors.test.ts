// Every error code used in the source has a row in docs/errors.md (fastify's errors.md check).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/errors.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `(DS_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  const used = new Set<string>();
  for (const dir of ['translators', 'canonical', 'gateway']) {
    for (const file of sources(join(ROOT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](DS_[A-Z0-9]+_[A-Z0-9_]+)['"`]/g))
        used.add(m[1]);
    }
  }

  it('has a row for every code the source uses', () => {
    expect([...used].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  it('lists no code twice', () => {
    const rows = [...doc.matchAll(/^\| `(DS_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.length).toBe(new Set(rows).size);
  });
});
