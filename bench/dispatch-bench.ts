// ERP dispatch benchmark (issue 6), in its own process: events/s from the outbox to the mock ERP
// (webhook, keep-alive) in embedded mode (on PGlite, and on PostgreSQL) and in BullMQ mode with
// two `dockside worker` processes (PostgreSQL + Redis), beside the raw rate of the same signed POSTs sent by a plain
// loop with no queue; then p50/p99 outbox-to-ERP latency with events queued at 200/s.
// Usage: node dist/bench/dispatch-bench.js; prints one JSON line.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Client } from 'pg';
import type { CanonicalEvent } from '../canonical/cloudevent';
import { startDispatch, type Dispatch } from '../gateway/dispatch';
import { loadConnectorsConfig } from '../gateway/dispatch/connectors-config';
import { routeEvent } from '../gateway/dispatch/event-route';
import { SIGNATURE_HEADER, signBody } from '../gateway/dispatch/signature';
import { readSettings, type Settings } from '../gateway/runtime/settings';
import { openStore, type Store } from '../gateway/store';
import { orderEvents } from '../spec/gateway/dispatch/support/order-events';
import { percentile } from './percentile';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dockside.js');
const SECRET = 'bench-secret';
const DATABASE_URL = process.env.DOCKSIDE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.DOCKSIDE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_DISPATCH_EVENTS ?? 5000);
const CONCURRENCY = 32;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface MockErpProcess {
  url: string;
  child: ChildProcess;
}

async function startMockErpProcess(): Promise<MockErpProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'mock-erp', '--port', '0', '--secret-env', 'BENCH_ERP_SECRET'],
    {
      env: { ...process.env, BENCH_ERP_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mock ERP exited (${code})`)));
  });
  return { url, child };
}

async function erpStats(url: string): Promise<{ posted: number; duplicates: number }> {
  return (await (await fetch(`${url}/stats`)).json()) as { posted: number; duplicates: number };
}

async function erpReceivedAt(url: string): Promise<Map<string, number>> {
  const body = (await (await fetch(`${url}/postings?limit=1000000`)).json()) as {
    postings: { id: string; receivedAt: number }[];
  };
  return new Map(body.postings.map((p) => [p.id, p.receivedAt]));
}

async function resetErp(url: string): Promise<void> {
  await fetch(`${url}/reset`, { method: 'POST' });
}

/** The baseline: the same signed POSTs from a plain loop, CONCURRENCY in flight, keep-alive. */
async function rawPostRate(url: string, events: readonly CanonicalEvent[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(`${url}/events`);
  const post = (e: CanonicalEvent) =>
    new Promise<void>((resolve, reject) => {
      const body = Buffer.from(JSON.stringify(e));
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/cloudevents+json; charset=utf-8',
            'content-length': body.length,
            'idempotency-key': e.id,
            [SIGNATURE_HEADER]: signBody(SECRET, body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < events.length) await post(events[next++]);
    }),
  );
  const rate = events.length / ((performance.now() - t) / 1000);
  agent.destroy();
  return rate;
}

function connectorsFile(home: string, url: string): string {
  const file = join(home, 'connectors.yaml');
  writeFileSync(
    file,
    `connectors:\n  default:\n    type: webhook\n    url: ${url}/events\n    secret: env:BENCH_ERP_SECRET\n`,
  );
  process.env.BENCH_ERP_SECRET = SECRET;
  return file;
}

const route = (e: CanonicalEvent) => routeEvent(undefined, e);

async function waitPosted(url: string, n: number, everyMs: number): Promise<void> {
  while ((await erpStats(url)).posted < n) await sleep(everyMs);
}

/**
 * Events/s with EVENTS already queued, from dispatch start to the ERP's receipt of the last one.
 * The end is the ERP's own clock, so the bench can ask it seldom: asking every few milliseconds
 * would load the process being measured (and the ERP) with work the plain loop does not do.
 */
async function queuedRate(store: Store, url: string, start: () => Promise<Dispatch>): Promise<number> {
  await store.enqueueEvents(orderEvents(EVENTS), { route });
  const t0 = Date.now();
  const dispatch = await start();
  await waitPosted(url, EVENTS, 250);
  const last = Math.max(...(await erpReceivedAt(url)).values());
  const rate = EVENTS / ((last - t0) / 1000);
  await dispatch.stop();
  return rate;
}

/** p50/p99 from enqueue to ERP receipt, events queued one by one at `perSecond` for `seconds`. */
async function latencyAt(
  store: Store,
  url: string,
  dispatch: Dispatch,
  perSecond: number,
  seconds: number,
): Promise<{ p50: number; p99: number }> {
  const events = orderEvents(perSecond * seconds);
  const queuedAt = new Map<string, number>();
  const t0 = Date.now();
  for (let i = 0; i < events.length; i++) {
    const due = t0 + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    queuedAt.set(events[i].id, Date.now());
    await store.enqueueEvents([events[i]], { route });
    dispatch.kick();
  }
  const received = await (async () => {
    for (;;) {
      const r = await erpReceivedAt(url);
      if (events.every((e) => r.has(e.id))) return r;
      await sleep(50);
    }
  })();
  const lat = events.map((e) => received.get(e.id)! - queuedAt.get(e.id)!);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** A dispatch set-up to measure: its store and settings, and what to undo afterwards. */
interface Mode {
  store: Store;
  settings: Settings;
  close(): Promise<void>;
}

/** `<name>PerS` with EVENTS queued, then `<name>P50Ms`/`<name>P99Ms` at 200 events/s. */
async function measure(name: string, url: string, mode: Mode, result: Record<string, number>): Promise<void> {
  const { store, settings } = mode;
  try {
    const config = await loadConnectorsConfig(settings.connectorsFile);
    const start = () => startDispatch({ settings, store, logger: pino({ level: 'silent' }) }, config);
    result[`${name}PerS`] = await queuedRate(store, url, start);
    await resetErp(url);
    const dispatch = await start();
    const l = await latencyAt(store, url, dispatch, 200, 10);
    await dispatch.stop();
    result[`${name}P50Ms`] = l.p50;
    result[`${name}P99Ms`] = l.p99;
  } finally {
    await mode.close();
  }
}

/** Embedded dispatch on the embedded database (the defaults). */
async function pglite(url: string): Promise<Mode> {
  const home = mkdtempSync(join(tmpdir(), 'dockside-bench-dispatch-'));
  const settings = readSettings({
    DOCKSIDE_HOME: home,
    DOCKSIDE_CONNECTORS: connectorsFile(home, url),
    DOCKSIDE_DISPATCH_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'silent',
  });
  const store = await openStore({ home });
  return {
    store,
    settings,
    close: async () => {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL schema of its own: embedded dispatch in this process, or (with Redis) the
 * BullMQ relay here and `workers` `dockside worker` processes delivering.
 */
async function postgres(url: string, workers: number): Promise<Mode> {
  const home = mkdtempSync(join(tmpdir(), 'dockside-bench-postgres-'));
  const schema = `bench_dispatch_${randomBytes(4).toString('hex')}`;
  const env = {
    DOCKSIDE_HOME: home,
    DATABASE_URL,
    DOCKSIDE_DB_SCHEMA: schema,
    ...(workers > 0 && { REDIS_URL, DOCKSIDE_QUEUE_NAME: `bench-${schema}` }),
    DOCKSIDE_CONNECTORS: connectorsFile(home, url),
    DOCKSIDE_DISPATCH_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'silent',
  };
  const settings = readSettings({ ...env, ...(workers > 0 && { DOCKSIDE_DISPATCH_IN_PROCESS: 'false' }) });
  const store = await openStore({ home, databaseUrl: DATABASE_URL, schema });
  const children = Array.from({ length: workers }, () =>
    spawn(process.execPath, [BIN, 'worker'], {
      env: { ...process.env, ...env, BENCH_ERP_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  await Promise.all(
    children.map(
      (w) =>
        new Promise<void>((resolve) =>
          w.stdout!.on('data', (d: Buffer) => d.includes('delivering') && resolve()),
        ),
    ),
  );
  return {
    store,
    settings,
    close: async () => {
      for (const w of children) w.kill('SIGTERM');
      await store.close();
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const MODES = {
  embedded: (url: string) => pglite(url),
  embeddedPg: (url: string) => postgres(url, 0),
  bullmq: (url: string) => postgres(url, 2),
};

async function main(): Promise<void> {
  const erp = await startMockErpProcess();
  const result: Record<string, number> = {};
  try {
    // BENCH_DISPATCH_MODES=raw,embedded,embeddedPg,bullmq (default: all) runs a part of it.
    const modes = new Set((process.env.BENCH_DISPATCH_MODES ?? `raw,${Object.keys(MODES)}`).split(','));
    if (modes.has('raw')) result.rawPerS = await rawPostRate(erp.url, orderEvents(EVENTS));
    for (const [name, mode] of Object.entries(MODES)) {
      if (!modes.has(name)) continue;
      await resetErp(erp.url);
      await measure(name, erp.url, await mode(erp.url), result);
    }
  } finally {
    erp.child.kill('SIGTERM');
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
