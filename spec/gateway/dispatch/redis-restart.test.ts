// Scaled mode with a private Redis (its own port, no persistence, like the machine's) that is
// killed and started again mid-run: jobs Redis lost come back from the outbox when their lease
// ends, so nothing is lost and nothing is posted twice.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Dispatch } from '../../../gateway/dispatch';
import { startMockErp, type MockErp } from '../../../gateway/dispatch/mock-erp';
import type { CanonicalEvent } from '../../../canonical/cloudevent';
import { routeEvent } from '../../../gateway/dispatch/event-route';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../store/support/backends';
import {
  control,
  dispatchSettings,
  queueName,
  SECRET,
  settledOutbox,
  until,
  writeConnectors,
} from './support/dispatch-fixture';
import { orderEvents } from './support/order-events';
import { runDispatch } from './support/run-dispatch';

jest.setTimeout(180_000);

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
const route = (e: CanonicalEvent) => routeEvent(undefined, e);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await until(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG',
    10_000,
    'redis-server up',
  );
  return child;
}

describe.each(BACKENDS.map((b) => ({ ...b, skip: b.skip || !haveRedis })))(
  'Redis restarted mid-run on $backend',
  ({ backend, skip }) => {
    const maybe = skip ? it.skip : it;
    let db: TestDatabase;
    let erp: MockErp;
    let redis: ChildProcess | undefined;
    let dispatch: Dispatch | undefined;

    beforeAll(async () => {
      if (skip) return;
      db = await openTestDatabase(backend);
      erp = await startMockErp({ port: 0, secret: SECRET });
    });
    afterAll(async () => {
      await dispatch?.stop();
      redis?.kill('SIGKILL');
      await erp?.close();
      await db?.dispose();
    });

    maybe('no event is lost and delivery resumes', async () => {
      const port = await freePort();
      redis = await startRedis(port);
      const settings = dispatchSettings(db, {
        DOCKSIDE_CONNECTORS: writeConnectors(db.home, erp.url, {
          maxAttempts: 50,
          initialDelayMs: 200,
          maxDelayMs: 1000,
        }),
        REDIS_URL: `redis://127.0.0.1:${port}`,
        DOCKSIDE_QUEUE_NAME: queueName(),
        DOCKSIDE_DISPATCH_LEASE_MS: '6000',
        DOCKSIDE_DISPATCH_CONCURRENCY: '8',
      });
      await control(erp.url, { latencyMs: 10 });
      const events = orderEvents(2000);
      await db.store.enqueueEvents(events, { route });
      dispatch = (await runDispatch(settings, db.store)).dispatch;

      await until(() => erp.stats().posted >= 300, 60_000, '300 posted');
      redis.kill('SIGKILL');
      await new Promise((r) => redis!.once('exit', r));
      const atKill = erp.stats().posted;
      await new Promise((r) => setTimeout(r, 2000));
      redis = await startRedis(port);

      await until(() => erp.stats().posted >= 2000, 120_000, 'all 2,000 posted');
      expect(atKill).toBeLessThan(2000);
      expect(erp.stats()).toMatchObject({ posted: 2000, rejected: 0 });
      // Deliveries in flight when Redis died finish and are recorded in the database; none is sent twice.
      expect(erp.stats().duplicates).toBe(0);
      expect(new Set(erp.postings().map((p) => p.key))).toEqual(new Set(events.map((e) => e.id)));
      expect(await settledOutbox(db.store)).toEqual({
        queued: 0,
        delivering: 0,
        failed: 0,
        dead: 0,
      });
      await dispatch.stop();
      dispatch = undefined;
    });

    maybe('stops while Redis is down, and what it delivered is recorded once', async () => {
      const port = await freePort();
      redis?.kill('SIGKILL');
      redis = await startRedis(port);
      const settings = dispatchSettings(db, {
        DOCKSIDE_CONNECTORS: writeConnectors(db.home, erp.url),
        REDIS_URL: `redis://127.0.0.1:${port}`,
        DOCKSIDE_QUEUE_NAME: queueName(),
        DOCKSIDE_DISPATCH_CONCURRENCY: '8',
      });
      await control(erp.url, { latencyMs: 20 });
      const before = erp.stats().posted;
      await db.store.enqueueEvents(orderEvents(500), { route });
      dispatch = (await runDispatch(settings, db.store)).dispatch;
      await until(() => erp.stats().posted >= before + 50, 60_000, '50 posted');
      redis.kill('SIGKILL');
      await new Promise((r) => redis!.once('exit', r));
      redis = undefined;
      // BullMQ's own close waits for Redis forever; the gateway's stop must not.
      const stopped = await Promise.race([
        dispatch.stop().then(() => 'stopped'),
        new Promise((r) => setTimeout(() => r('still stopping after 20 s'), 20_000)),
      ]);
      dispatch = undefined;
      expect(stopped).toBe('stopped');
      expect(erp.stats().duplicates).toBe(0);
    });
  },
);
