// The CLI over the ops API: `files`, `errors`, `replay`, `reprocess` against an API on a real
// store (PGlite), run in-process and as a spawned process; clear one-line failures when the
// gateway is not running or the token is wrong.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DocksideError } from '../../../canonical/errors';
import { main } from '../../../gateway/cli/main';
import type { CliIo } from '../../../gateway/cli/io';
import type { FileRecord } from '../../../gateway/store';
import { openTestDatabase, type TestDatabase } from '../store/support/backends';
import { addFile, buildApiApp, TOKENS, type ApiApp } from '../api/support/api-fixture';

jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..', '..');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

/** The CLI as its own process (TypeScript compiled on the fly), with `env`. */
function spawnCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const script = `require(${JSON.stringify(join(ROOT, 'gateway', 'cli', 'main.ts'))}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'support', 'ts-require.js'), '-e', script, ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        cwd: ROOT,
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe('dockside files / errors / replay / reprocess over the API', () => {
  let db: TestDatabase;
  let t: ApiApp;
  let good: FileRecord;
  let bad: FileRecord;
  const saved = { url: process.env.DOCKSIDE_URL, token: process.env.DOCKSIDE_TOKEN };

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    t = await buildApiApp(db.store);
    good = (
      await addFile(db.store, {
        partnerId: 'acme',
        name: 'po-good.x12',
        content: 'good',
        events: [{ type: 'order.created', subject: 'PO-77' }],
        receivedAt: new Date(Date.now() - 60_000),
      })
    ).file;
    bad = (
      await addFile(db.store, {
        partnerId: 'acme',
        name: 'po-\u001b[31mred.x12',
        content: 'bad',
        state: 'rejected',
        errors: [
          {
            code: 'DS_X12_ELEMENT_INVALID_CODE',
            message: 'BEG01 "XX" is not a valid code',
            ack: 'AK403=7',
            line: 4,
            segment: 2,
            tag: 'BEG',
            element: 1,
          },
        ],
      })
    ).file;
    await addFile(db.store, {
      partnerId: 'northwind',
      name: 'SHP.csv',
      content: 'csv',
      transport: 'dropzone',
    });
    process.env.DOCKSIDE_URL = `http://127.0.0.1:${t.port}`;
    process.env.DOCKSIDE_TOKEN = TOKENS.operator;
  });

  afterAll(async () => {
    if (saved.url === undefined) delete process.env.DOCKSIDE_URL;
    else process.env.DOCKSIDE_URL = saved.url;
    if (saved.token === undefined) delete process.env.DOCKSIDE_TOKEN;
    else process.env.DOCKSIDE_TOKEN = saved.token;
    await t?.close();
    await db?.dispose();
  });

  it('lists files, filtered, as text and as JSON', async () => {
    const all = await run('files');
    expect(all.code).toBe(0);
    expect(all.out.trim().split('\n')).toHaveLength(3);
    const acme = await run('files', '--partner', 'acme', '--json');
    expect(acme.code).toBe(0);
    expect(JSON.parse(acme.out).map((f: FileRecord) => f.id)).toEqual([bad.id, good.id]);
    const rejected = await run('files', '--state', 'rejected');
    expect(rejected.out).toContain(bad.id);
    expect(rejected.out).not.toContain(good.id);
    // Partner-supplied names cannot send terminal escapes.
    expect(rejected.out).not.toContain('\u001b');
    expect((await run('files', '--number', 'PO-77', '--json')).out).toContain(good.id);
    expect((await run('files', '--bogus')).code).toBe(2);
    const invalid = await run('files', '--state', 'lost');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/^dockside files: DS_API_BAD_REQUEST: .*\n$/);
  });

  it('prints rejected and failed files with their errors', async () => {
    const r = await run('errors', '--partner', 'acme');
    expect(r.code).toBe(0);
    expect(r.out).toContain(bad.id);
    expect(r.out).toContain(
      '  DS_X12_ELEMENT_INVALID_CODE at line 4, BEG (segment 2), element 1, AK403=7: BEG01 "XX" is not a valid code',
    );
    expect(r.out).not.toContain(good.id);
    expect((await run('errors', '--partner', 'northwind')).out).toBe('no rejected or failed files\n');
    const json = JSON.parse((await run('errors', '--json')).out);
    expect(json[0].errors[0].code).toBe('DS_X12_ELEMENT_INVALID_CODE');
  });

  it('replays an event and reprocesses a file with the token as actor', async () => {
    t.actions.calls = [];
    const replay = await run('replay', 'evt-1');
    expect(replay).toEqual({ code: 0, out: 'replayed evt-1: queued\n', err: '' });
    const reprocess = await run('reprocess', bad.id);
    expect(reprocess.code).toBe(0);
    expect(reprocess.out).toBe(
      `reprocessed ${bad.id}: translated, 1 event(s) queued, 0 updated, 2 already queued\n`,
    );
    expect(t.actions.calls).toEqual([
      { method: 'replayEvent', eventId: 'evt-1', actor: 'operator-token' },
      { method: 'reprocessFile', fileId: bad.id, actor: 'operator-token' },
    ]);
    expect((await run('replay')).code).toBe(2);
    expect((await run('reprocess', 'a', 'b')).code).toBe(2);

    t.actions.fail = new DocksideError('DS_DISPATCH_NOT_REPLAYABLE', 'event evt-2 is in flight');
    try {
      const refused = await run('replay', 'evt-2');
      expect(refused).toEqual({
        code: 1,
        out: '',
        err: 'dockside replay: DS_DISPATCH_NOT_REPLAYABLE: event evt-2 is in flight\n',
      });
    } finally {
      t.actions.fail = undefined;
    }
  });

  it('says so in one line when the token is wrong, missing or too weak', async () => {
    process.env.DOCKSIDE_TOKEN = 'wrong-token-wrong-token';
    try {
      const wrong = await run('files');
      expect(wrong.code).toBe(1);
      expect(wrong.err).toBe(
        'dockside files: the gateway refused the token (DS_API_UNAUTHORIZED: unknown token); check DOCKSIDE_TOKEN\n',
      );
      delete process.env.DOCKSIDE_TOKEN;
      expect((await run('files')).err).toContain('set DOCKSIDE_TOKEN');
      process.env.DOCKSIDE_TOKEN = TOKENS.viewer;
      const weak = await run('replay', 'evt-1');
      expect(weak.code).toBe(1);
      expect(weak.err).toMatch(
        /^dockside replay: the token's role may not do this \(DS_API_FORBIDDEN: .*\)\n$/,
      );
    } finally {
      process.env.DOCKSIDE_TOKEN = TOKENS.operator;
    }
  });

  it('runs as a process: lists files, and exits 1 with one line when no gateway runs', async () => {
    const ok = await spawnCli(['files', '--partner', 'northwind'], {
      DOCKSIDE_URL: `http://127.0.0.1:${t.port}`,
      DOCKSIDE_TOKEN: TOKENS.viewer,
    });
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('SHP.csv');

    // A port nothing listens on: the API app's port after a throwaway server closed it.
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = await spawnCli(['files'], {
      DOCKSIDE_URL: `http://127.0.0.1:${port}`,
      DOCKSIDE_TOKEN: TOKENS.viewer,
    });
    expect(down.code).toBe(1);
    expect(down.out).toBe('');
    expect(down.err).toBe(
      `dockside files: cannot reach the gateway at http://127.0.0.1:${port} (ECONNREFUSED); is it running? (set DOCKSIDE_URL)\n`,
    );
  });
});
