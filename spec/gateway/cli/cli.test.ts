import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../gateway/cli/main';
import type { CliIo } from '../../../gateway/cli/io';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from '../../../gateway/config/profile-schema';

const ROOT = join(__dirname, '..', '..', '..');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'dockside-cli-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const GOOD =
  'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *241115*1200*U*00401*000000042*1*P*>~\n' +
  'GS*PO*ACMERETAIL*DOCKSIDEDIST*20241115*1200*7*X*004010~\n' +
  'ST*850*0001~\nBEG*00*SA*PO123**20241115~\nPO1*1*10*EA*2.50**VN*SKU-1~\nCTT*1~\nSE*5*0001~\n' +
  'GE*1*7~\nIEA*1*000000042~\n';

describe('dockside CLI', () => {
  it('prints help, and exits 2 on bad usage', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('--help')).out).toContain('translate FILE');
    expect((await run()).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('translate')).code).toBe(2);
    expect((await run('translate', 'a', 'b')).code).toBe(2);
    expect((await run('translate', GOOD, '--bogus')).code).toBe(2);
  });

  it('exits 2 with one line when the file cannot be read', async () => {
    const r = await run('ack', join(dir, 'missing.x12'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('ENOENT');
  });

  it('exits 2 with one line when the file is over the 50 MiB partner-file limit (or endless)', async () => {
    const big = file('big.x12', GOOD);
    truncateSync(big, DEFAULT_MAX_FILE_SIZE_BYTES + 1);
    const endless = existsSync('/dev/zero') ? ['/dev/zero'] : [];
    for (const path of [big, ...endless]) {
      const r = await run('translate', path);
      expect(r).toEqual({
        code: 2,
        out: '',
        err: `dockside translate: cannot read ${path} (DS_CLI_INPUT_TOO_LARGE: over ${DEFAULT_MAX_FILE_SIZE_BYTES} bytes, the gateway's default limit for a partner file)\n`,
      });
    }
    truncateSync(big, DEFAULT_MAX_FILE_SIZE_BYTES);
    expect((await run('ack', big)).code).not.toBe(2);
  });

  it('acks a good 850 with a TA1 (ISA14 = 1) and a 997, exit 0', async () => {
    const r = await run('ack', file('good.x12', GOOD));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*DOCKSIDEDIST {3}\*ZZ\*ACMERETAIL {5}\*/);
    expect(r.out).toContain('TA1*000000042*241115*1200*A*000~');
    expect(r.out).toContain('AK1*PO*7~\nAK2*850*0001~\nAK5*A~\nAK9*A*1*1*1~');
  });

  it('translate --json prints events, acks and errors; exit 1 when anything is rejected', async () => {
    const bad = GOOD.replace('BEG*00*SA', 'BEG*XX*SA');
    const r = await run('translate', file('bad.x12', bad), '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['events', 'acks', 'errors']);
    expect(json.events).toEqual([]);
    expect(json.acks[0]).toContain('AK3*BEG*2**8~\nAK4*1*353*7*XX~');
    expect(json.errors[0]).toMatchObject({
      code: 'DS_X12_ELEMENT_INVALID_CODE',
      ack: 'AK403=7',
      line: 4,
      segment: 2,
      tag: 'BEG',
      element: 1,
      value: 'XX',
    });
  });

  it.each([
    ['empty', '', 'DS_X12_EMPTY_INPUT'],
    ['garbage', Buffer.from([0, 255, 17, 3, 200, 1, 2, 3]), 'DS_X12_NO_ISA'],
    ['cut in the middle', GOOD.slice(0, 200), 'DS_X12_IEA_MISSING'],
    ['no IEA', GOOD.replace('IEA*1*000000042~\n', ''), 'DS_X12_IEA_MISSING'],
    [
      'a 10 MB segment',
      GOOD.replace('CTT*1', 'CTT*' + 'X'.repeat(10 * 1024 * 1024)),
      'DS_X12_SEGMENT_TOO_LONG',
    ],
  ])('rejects %s with a one-line error and no stack trace', async (_name, content, code) => {
    const r = await run('translate', file(`bad-${_name}.x12`, content));
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain(code);
    expect(r.out).not.toMatch(/\n\s+at /);
    const ack = await run('ack', file(`bad2-${_name}.x12`, content));
    expect(ack.err.split('\n')[0]).toContain(code);
    if (code === 'DS_X12_IEA_MISSING' || code === 'DS_X12_SEGMENT_TOO_LONG')
      expect(ack.out).toContain('TA1*000000042*241115*1200*R*023~');
  });

  it('runs as `dockside` from the built bin', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'dockside.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(out).toContain('Usage: dockside');
  });
});
