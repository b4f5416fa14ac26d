// Partner profiles reload on change without a restart; a profile that breaks keeps its last
// good version (and the reason is logged).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ProfileRegistry } from '../../../gateway/runtime/profile-registry';

const ROOT = join(__dirname, '..', '..', '..');

function registry() {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-profiles-'));
  cpSync(join(ROOT, 'partners'), dir, { recursive: true });
  const lines: { msg: string; level: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { dir, lines, reg: new ProfileRegistry(dir, logger) };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(check()).toBe(true);
}

describe('ProfileRegistry', () => {
  it('loads the example partners', async () => {
    const { reg } = registry();
    await reg.load();
    expect(
      reg
        .all()
        .map((p) => p.id)
        .sort(),
    ).toEqual(['acme', 'northwind', 'summit']);
  });

  it('reloads a changed profile without a restart', async () => {
    const { dir, reg } = registry();
    await reg.load();
    reg.watch();
    let changes = 0;
    reg.onChange(() => changes++);
    const file = join(dir, 'acme.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('type: 997', 'type: 999'));
    await until(() => reg.get('acme')?.acks.type === '999');
    expect(changes).toBe(1);
    reg.close();
  });

  it('keeps the last good version of a profile that breaks, and says why', async () => {
    const { dir, reg, lines } = registry();
    await reg.load();
    const file = join(dir, 'acme.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('role: retailer', 'role: wholesaler'));
    await reg.load();
    expect(reg.get('acme')?.role).toBe('retailer');
    expect(lines.some((l) => l.level === 50 && /acme\.yaml:\d+:\d+ role/.test(l.msg))).toBe(true);
    expect(lines.some((l) => /keeping its last good version/.test(l.msg))).toBe(true);
  });
});
