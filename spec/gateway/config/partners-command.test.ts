import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { partnersCommand } from '../../../gateway/cli/commands/partners';
import { verifyPassword } from '../../../gateway/config/password';

function fakeIo() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

async function run(args: string[], input = '') {
  const io = fakeIo();
  const code = await partnersCommand(args, io, async () => input);
  return { code, out: io.stdout, err: io.stderr };
}

describe('dockside partners', () => {
  it('check: exit 0 and a one-line summary for the examples (default folder partners/)', async () => {
    const { code, out, err } = await run(['check']);
    expect({ code, out, err }).toEqual({
      code: 0,
      out: '3 partner profiles OK: acme, northwind, summit\n',
      err: '',
    });
  });

  it('check DIR: exit 1 and every error as file:line:column message', async () => {
    const dir = 'spec/fixtures/partners/broken/duplicate-isa';
    const { code, out } = await run(['check', dir]);
    expect(code).toBe(1);
    expect(out).toBe(
      `${dir}/b-second.yaml:6:5 ISA identity ZZ*SAMESENDER is already used by ${dir}/a-first.yaml (partner first-sender)\n` +
        '1 error in 1 file\n',
    );
  });

  it('check: counts errors and files for the broken set', async () => {
    const { code, out } = await run(['check', 'spec/fixtures/partners/broken']);
    expect(code).toBe(1);
    expect(out).toContain(
      'spec/fixtures/partners/broken/bad-port-type.yaml:11:5 transports[0].port must be a number, got "twenty-two"\n',
    );
    expect(out.trimEnd().split('\n').pop()).toBe('17 errors in 17 files');
  });

  it('check: exit 1 for a folder without profiles', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'dockside-partners-'));
    expect(await run(['check', empty])).toEqual({
      code: 1,
      out: `no partner profiles (*.yaml) in ${empty}\n`,
      err: '',
    });
  });

  it('list: a table of the partners', async () => {
    const { code, out } = await run(['list', 'partners']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['ID', 'NAME', 'ROLE', 'ISA', 'TRANSPORTS', 'DOCUMENTS']);
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'acme',
      'Acme Retail',
      'retailer',
      'ZZ*ACMERETAIL',
      'hosted-sftp',
      'in 850 xml:acme-orders-xml; out 856 810',
    ]);
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual(['acme', 'northwind', 'summit']);
  });

  it('list: exit 1 and a note on stderr when some profiles have errors', async () => {
    const { code, out, err } = await run(['list', 'spec/fixtures/partners/broken/duplicate-id']);
    expect(code).toBe(1);
    expect(out.split('\n')[1]).toMatch(/^twin\s+First twin/);
    expect(err).toBe('1 error; profiles with errors are not listed (run: dockside partners check)\n');
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['check', 'a', 'b']],
    [['list', '--json']],
    [['check', 'no-such-folder']],
  ])('bad usage %j: exit 2, message on stderr', async (args) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).not.toBe('');
  });

  it('hash-password: prints a scrypt hash of stdin that verifies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockside-hash-'));
    writeFileSync(path.join(dir, 'unused'), '');
    const { code, out } = await run(['hash-password'], 'acme-demo-password\n');
    expect(code).toBe(0);
    await expect(verifyPassword('acme-demo-password', out.trim())).resolves.toBe(true);
    expect((await run(['hash-password'], '')).code).toBe(2);
  });
});
