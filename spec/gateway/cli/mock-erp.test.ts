// `dockside mock-erp`: usage errors in-process; the built command as a child process, as a
// tester runs it (needs `dist/`, which `npm ci` builds; skipped otherwise, like crash-safety).
import { spawn, ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../gateway/cli/main';
import type { CliIo } from '../../../gateway/cli/io';
import { SIGNATURE_HEADER, signBody } from '../../../gateway/dispatch/signature';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'dockside.js');
const BUILT = join(ROOT, 'dist', 'gateway', 'cli', 'commands', 'mock-erp.js');
const SECRET = 'cli-sandbox-secret';

async function run(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => (err += t) };
  return { code: await main(args, io), err };
}

/** Resolves to the URL from the child's "mock ERP listening on URL" line. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^mock ERP listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`mock-erp exited (${code}) before listening: ${out}`)));
  });
}

describe('dockside mock-erp usage', () => {
  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['extra']],
    [['--bogus']],
    [['--secret-env', 'DOCKSIDE_TEST_UNSET_SECRET']],
  ])('exits 2 on %j', async (args) => {
    const r = await run('mock-erp', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: dockside mock-erp');
  });

  it('is in the help', async () => {
    let out = '';
    await main(['--help'], { out: (t) => (out += t), err: () => undefined });
    expect(out).toContain('mock-erp [--port N] [--host H] [--secret-env NAME]');
  });
});

(existsSync(BUILT) ? describe : describe.skip)('dockside mock-erp (built)', () => {
  it('prints its URL, verifies signed events, serves /stats, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'mock-erp', '--port', '0', '--secret-env', 'ERP_SECRET'], {
      env: { ...process.env, NODE_OPTIONS: '', ERP_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = await listening(child);
      const body = JSON.stringify({ specversion: '1.0', id: 'evt-cli', type: 'order.created', data: {} });
      const headers = { 'content-type': 'application/cloudevents+json', 'idempotency-key': 'cli-1' };
      const signed = await fetch(`${url}/events`, {
        method: 'POST',
        headers: { ...headers, [SIGNATURE_HEADER]: signBody(SECRET, body) },
        body,
      });
      expect(signed.status).toBe(201);
      expect((await fetch(`${url}/events`, { method: 'POST', headers, body })).status).toBe(401);
      const stats = await (await fetch(`${url}/stats`)).json();
      expect(stats).toMatchObject({ received: 2, posted: 1, badSignature: 1 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
