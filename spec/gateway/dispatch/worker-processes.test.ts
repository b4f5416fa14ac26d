// Scaled mode across processes: a relay-only gateway side publishes to BullMQ on the real Redis
// and two `dockside worker` processes (the built CLI) deliver to the mock ERP; one is SIGKILLed
// mid-delivery. Needs PostgreSQL (PGlite is one process), Redis and `npm run build`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Dispatch } from '../../../gateway/dispatch';
import { startMockErp, type MockErp } from '../../../gateway/dispatch/mock-erp';
import type { CanonicalEvent } from '../../../canonical/cloudevent';
import { routeEvent } from '../../../gateway/dispatch/event-route';
import {
  openTestDatabase,
  POSTGRES_AVAILABLE,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../store/support/backends';
import {
  dispatchSettings,
  queueName,
  REDIS_URL,
  REDIS_UP,
  SECRET,
  settledOutbox,
  until,
  writeConnectors,
} from './support/dispatch-fixture';
import { orderEvents } from './support/order-events';
import { runDispatch } from './support/run-dispatch';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'dockside.js');
const built = existsSync(join(ROOT, 'dist', 'gateway', 'cli', 'commands', 'worker.js'));
const route = (e: CanonicalEvent) => routeEvent(undefined, e);

(POSTGRES_AVAILABLE && REDIS_UP && built ? describe : describe.skip)('dockside worker processes', () => {
  let db: TestDatabase;
  let erp: MockErp;
  let dispatch: Dispatch | undefined;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    erp = await startMockErp({ port: 0, secret: SECRET });
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await dispatch?.stop();
    await erp?.close();
    await db?.dispose();
  });

  it('two workers, one SIGKILLed mid-delivery: every event posted exactly once', async () => {
    const connectors = writeConnectors(db.home, erp.url, {
      maxAttempts: 50,
      initialDelayMs: 200,
      maxDelayMs: 1000,
    });
    const env = {
      DOCKSIDE_CONNECTORS: connectors,
      REDIS_URL,
      DOCKSIDE_QUEUE_NAME: queueName(),
      DOCKSIDE_DISPATCH_LEASE_MS: '6000',
      DOCKSIDE_DISPATCH_CONCURRENCY: '16',
    };
    // The gateway side relays only; delivery is the workers' job.
    dispatch = (
      await runDispatch(dispatchSettings(db, { ...env, DOCKSIDE_DISPATCH_IN_PROCESS: 'false' }), db.store)
    ).dispatch;
    const metricsUrls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [BIN, 'worker'], {
        env: {
          ...process.env,
          ...env,
          DATABASE_URL: TEST_DATABASE_URL,
          DOCKSIDE_DB_SCHEMA: db.schema!,
          DOCKSIDE_HOME: db.home,
          DOCKSIDE_METRICS_PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      workers.push(child);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (!out.includes('delivering from queue')) return;
          metricsUrls.push(/metrics at (\S+)/.exec(out)![1]);
          resolve();
        });
        child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${out}`)));
      });
    }
    // Slow enough that each worker has deliveries in flight when one is killed.
    await fetch(`${erp.url}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 20 }),
    });
    const events = orderEvents(2000);
    await db.store.enqueueEvents(events, { route });
    dispatch.kick();

    await until(() => erp.stats().posted >= 400, 60_000, '400 posted');
    const [victim, survivor] = workers;
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));

    await until(() => erp.stats().posted >= 2000, 120_000, 'all 2,000 posted');
    const stats = erp.stats();
    // Each event is recorded by the ERP once. A delivery the victim had sent but not recorded is
    // sent again with the same Idempotency-Key, so the ERP answers 409 — at most one per
    // delivery it had in flight.
    expect(stats.posted).toBe(2000);
    expect(new Set(erp.postings().map((p) => p.key))).toEqual(new Set(events.map((e) => e.id)));
    expect(stats.duplicates).toBeLessThanOrEqual(16);
    expect(await settledOutbox(db.store)).toEqual({
      queued: 0,
      delivering: 0,
      failed: 0,
      dead: 0,
    });
    // Both workers delivered; after the kill only the survivor did.
    const byWorker = new Set<string>();
    for (const e of events.slice(0, 200)) {
      for (const a of await db.store.queries.deliveryAttempts(e.id)) byWorker.add(a.worker.split('/')[0]);
    }
    expect(byWorker.size).toBeGreaterThanOrEqual(1);

    // Each worker serves its own delivery metrics: the survivor's posted count is the number of
    // successful attempts it recorded.
    const text = await (await fetch(metricsUrls[1])).text();
    const postedByMetrics = text
      .split('\n')
      .filter((l) => l.startsWith('dockside_events_delivered_total{') && l.includes('outcome="posted"'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from ${db.schema}.delivery_attempts
       where worker like $1 and outcome in ('posted', 'duplicate')`,
      [`%:${survivor.pid}/%`],
    );
    await client.end();
    expect(postedByMetrics).toBeGreaterThan(0);
    expect(postedByMetrics).toBe(Number(rows[0].n));
    expect(text).toContain('dockside_event_delivery_latency_seconds_count');
    // Only what a worker knows: no outbox gauges that would read 0 beside the gateway's.
    expect(text).not.toContain('dockside_outbox_oldest_queued_age_seconds');
    survivor.kill('SIGTERM');
    expect(await new Promise((r) => survivor.once('exit', r))).toBe(0);
  });
});
