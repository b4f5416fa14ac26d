// `dockside worker` refuses what it cannot run: extra arguments, or a set-up without the shared
// PostgreSQL and Redis (embedded PGlite belongs to one gateway process), a bad or busy metrics
// port. Running workers are
// tested in spec/gateway/dispatch/worker-processes.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { main } from '../../../gateway/cli/main';
import type { CliIo } from '../../../gateway/cli/io';
import { queueName, REDIS_UP, REDIS_URL } from '../dispatch/support/dispatch-fixture';
import { POSTGRES_AVAILABLE, TEST_DATABASE_URL } from '../store/support/backends';

async function run(env: Record<string, string | undefined>, ...args: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => (err += t) };
  try {
    return { code: await main(['worker', ...args], io), err };
  } finally {
    process.env = saved;
  }
}

describe('dockside worker', () => {
  it('is bad usage with arguments', async () => {
    expect(await run({}, 'extra')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Usage: dockside worker'),
    });
  });

  it.each([
    [{ DATABASE_URL: undefined, REDIS_URL: 'redis://127.0.0.1:6379' }],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', REDIS_URL: undefined }],
  ])('refuses to start without the shared services (%o)', async (env) => {
    const r = await run(env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^dockside worker: DS_CONFIG_INVALID_VALUE: .*DATABASE_URL and REDIS_URL/);
  });

  it('names a bad setting', async () => {
    const r = await run({
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DOCKSIDE_DISPATCH_CONCURRENCY: '0',
    });
    expect(r).toMatchObject({ code: 1, err: expect.stringContaining('DOCKSIDE_DISPATCH_CONCURRENCY') });
  });
});

describe('dockside worker metrics port', () => {
  it('names a bad DOCKSIDE_METRICS_PORT', async () => {
    const r = await run({
      DATABASE_URL: 'postgres://x@127.0.0.1/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DOCKSIDE_METRICS_PORT: 'ninety',
    });
    expect(r).toMatchObject({ code: 1, err: expect.stringContaining('DOCKSIDE_METRICS_PORT') });
  });

  const services = POSTGRES_AVAILABLE && REDIS_UP ? it : it.skip;
  services('a metrics port in use: exits 1 and closes the queue and the database it opened', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    const schema = `worker_cli_${randomBytes(4).toString('hex')}`;
    const home = mkdtempSync(join(tmpdir(), 'dockside-worker-cli-'));
    try {
      const r = await run({
        DATABASE_URL: TEST_DATABASE_URL,
        DOCKSIDE_DB_SCHEMA: schema,
        DOCKSIDE_HOME: home,
        REDIS_URL,
        DOCKSIDE_QUEUE_NAME: queueName(),
        DOCKSIDE_METRICS_PORT: String(port),
        LOG_LEVEL: 'silent',
      });
      // Resolving at all means the BullMQ worker and the pool were closed (jest reports leaks too).
      expect(r).toMatchObject({ code: 1, err: expect.stringContaining('EADDRINUSE') });
    } finally {
      taken.close();
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
