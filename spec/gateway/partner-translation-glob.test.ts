// Partner file-name patterns (`match:` in a profile): `*` and `?`, case-insensitive, and no pattern
// can make a partner's file name stall the gateway.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { globMatch } from '../../gateway/partner-translation';

const REGISTER = join(__dirname, 'store', 'support', 'swc-register.js');

describe('globMatch', () => {
  it.each([
    ['*.csv', 'receipts-2026.csv', true],
    ['*.csv', 'receipts.CSV', true],
    ['RECEIPTS-*.csv', 'receipts-1.csv', true],
    ['*.csv', 'receipts.csv.bak', false],
    ['po-????.xml', 'po-0042.xml', true],
    ['po-????.xml', 'po-042.xml', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyycz', false],
    ['*ab*ab', 'xabyabab', true],
    ['**?', 'a', true],
    ['?', '', false],
    ['inv.(1)+[x]$.csv', 'INV.(1)+[X]$.csv', true],
    ['inv.csv', 'invXcsv', false],
  ])('%j fits %j: %s', (pattern, name, fits) => {
    expect(globMatch(pattern, name)).toBe(fits);
  });

  it('agrees with the plain wildcard reading on every short pattern and name', () => {
    const words = (alphabet: string[], max: number): string[] => {
      const all = [''];
      for (let i = 0; i < all.length; i++)
        if (all[i].length < max) all.push(...alphabet.map((c) => all[i] + c));
      return all;
    };
    const wildcard = (pattern: string) =>
      new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    const disagreements: string[] = [];
    for (const pattern of words(['a', 'B', '*', '?'], 4)) {
      const re = wildcard(pattern);
      for (const name of words(['a', 'b'], 5))
        if (globMatch(pattern, name) !== re.test(name)) disagreements.push(`${pattern} ${name}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('answers a pattern of many stars against a long partner file name (no backtracking blow-up)', () => {
    // A backtracking RegExp ran for minutes here; the child is killed only if it never answers.
    const script = `
      const { globMatch } = require(${JSON.stringify(join(__dirname, '..', '..', 'gateway', 'partner-translation.ts'))});
      process.stdout.write(JSON.stringify([
        globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(40)),
        globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000) + 'b'),
      ]));`;
    const child = spawnSync(process.execPath, ['-r', REGISTER, '-e', script], {
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([false, true]);
  });
});
