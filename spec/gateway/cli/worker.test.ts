// `dockside worker` refuses what it cannot run: extra arguments, or a set-up without the shared
// PostgreSQL and Redis (embedded PGlite belongs to one gateway process). Running workers are
// tested in spec/gateway/dispatch/worker-processes.test.ts.
import { main } from '../../../gateway/cli/main';
import type { CliIo } from '../../../gateway/cli/io';

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
