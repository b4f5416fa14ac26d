// Ops API latency (issue 7): on PostgreSQL with 100,000 files and 1,000,000 outbox events, the
// filtered file list and the file detail must answer in under 100 ms p95 over real HTTP, measured
// beside GET /healthz in the same run. Data goes into a fresh schema that is dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify from 'fastify';
import { Client } from 'pg';
import pino from 'pino';
import { registerOps } from '../gateway/api';
import { GatewayMetrics } from '../gateway/runtime/metrics';
import type { OpsActions } from '../gateway/runtime/ops-actions';
import { ProfileRegistry } from '../gateway/runtime/profile-registry';
import { openStore } from '../gateway/store';
import { percentile } from './percentile';

/** Options of the ops bench (defaults: the sizes). */
export interface OpsBenchOptions {
  databaseUrl?: string;
  schema?: string;
  files?: number;
  eventsPerFile?: number;
  /** Requests per endpoint (after 20 warm-up requests). */
  requests?: number;
  say?: (line: string) => void;
}

/** Latency of one endpoint, in milliseconds. */
export interface Latency {
  label: string;
  p50: number;
  p95: number;
  max: number;
  requests: number;
}

/** What the bench measured. */
export interface OpsBenchResult {
  files: number;
  events: number;
  loadSeconds: number;
  latencies: Latency[];
}

const PARTNERS = ['acme', 'northwind', 'summit', 'globex', 'initech'];
const TOKEN = 'bench-viewer-token-0123456789';

/** Load the data, serve the API on loopback, and time the endpoints with a plain loop. */
export async function runOpsBench(options: OpsBenchOptions = {}): Promise<OpsBenchResult> {
  const databaseUrl =
    options.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = options.schema ?? 'bench_ops';
  const fileCount = options.files ?? 100_000;
  const perFile = options.eventsPerFile ?? 10;
  const requests = options.requests ?? 300;
  const say = options.say ?? (() => undefined);
  const home = mkdtempSync(join(tmpdir(), 'dockside-ops-bench-'));
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  const logger = pino({ level: 'silent' });
  const store = await openStore({ home, databaseUrl, schema, poolSize: 10, logger });
  try {
    const started = Date.now();
    say(
      `loading ${fileCount.toLocaleString()} files and ${(fileCount * perFile).toLocaleString()} events…\n`,
    );
    await load(admin, schema, fileCount, perFile);
    const loadSeconds = (Date.now() - started) / 1000;

    // No profiles loaded: the measured routes do not read them.
    const profiles = new ProfileRegistry(home, logger);
    const app = fastify({ logger: false });
    app.get('/healthz', async () => ({ status: 'ok', store: store.backend }));
    registerOps(app, {
      store,
      actions: {} as OpsActions,
      profiles,
      metrics: new GatewayMetrics({ defaults: false }),
      connectors: [],
      tokens: { viewer: TOKEN },
      logger,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const ids = (
        await admin.query<{ id: string }>(
          `select id from ${schema}.files order by random() limit ${Math.min(requests, fileCount)}`,
        )
      ).rows.map((r) => r.id);
      const latencies: Latency[] = [];
      const time = async (label: string, url: (i: number) => string) => {
        latencies.push(await measure(label, base, url, requests));
      };
      await time('GET /healthz', () => '/healthz');
      await time('GET /api/v1/files?partner&state', (i) => {
        const partner = PARTNERS[i % PARTNERS.length];
        return `/api/v1/files?partner=${partner}&state=${i % 2 ? 'rejected' : 'translated'}`;
      });
      await time(
        'GET /api/v1/files?businessNumber',
        (i) => `/api/v1/files?businessNumber=PO-${1_000_000 + 1 + i * 997}`,
      );
      await time('GET /api/v1/files/:id', (i) => `/api/v1/files/${ids[i % ids.length]}`);
      await time('GET /api/v1/events?state=dead', () => '/api/v1/events?state=dead');
      // What the dashboard reads.
      await time('GET /api/v1/stats', () => '/api/v1/stats');
      await time('GET /api/v1/partners', () => '/api/v1/partners');
      return { files: fileCount, events: fileCount * perFile, loadSeconds, latencies };
    } finally {
      await app.close();
      profiles.close();
    }
  } finally {
    await store.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(home, { recursive: true, force: true });
  }
}

async function measure(label: string, base: string, url: (i: number) => string, n: number): Promise<Latency> {
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  };
  for (let i = 0; i < 20; i++) await get(url(n + i));
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await get(url(i));
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms), requests: n };
}

// Bulk load with INSERT … SELECT generate_series: 5 partners, 3 transports, ~5 % rejected, ~1 %
// failed, a file every 30 s back from now; 10 events per file with PO/shipment/invoice subjects,
// mostly posted, 1 % dead with a delivery attempt each; a transaction, interchange and 997 per file.
async function load(db: Client, schema: string, files: number, perFile: number): Promise<void> {
  const s = schema;
  await db.query(`
    insert into ${s}.files (id, partner_id, transport, name, sha256, size, state, received_at,
                            claimed_at, translated_at, error_summary, updated_at)
    select md5('f' || g)::uuid::text,
           (array['acme','northwind','summit','globex','initech'])[1 + g % 5],
           (array['sftp','dropzone','poll'])[1 + g % 3],
           'PO_' || g || '.x12',
           encode(sha256(convert_to('file ' || g, 'UTF8')), 'hex'),
           800 + g % 50000,
           case when g % 20 = 0 then 'rejected' when g % 97 = 0 then 'failed' else 'translated' end,
           now() - make_interval(secs => g * 30),
           now() - make_interval(secs => g * 30 - 1),
           now() - make_interval(secs => g * 30 - 2),
           case when g % 20 = 0 then 'DS_X12_ELEMENT_INVALID_CODE: BEG01 "XX" is not a valid code' end,
           now() - make_interval(secs => g * 30 - 2)
    from generate_series(1, ${files}) g`);
  await db.query(`
    insert into ${s}.interchanges (partner_id, file_id, control, sender_qualifier, sender_id, received_at)
    select f.partner_id, f.id, lpad((row_number() over ())::text, 9, '0'), 'ZZ', upper(f.partner_id), f.received_at
    from ${s}.files f`);
  await db.query(`
    insert into ${s}.transactions (file_id, partner_id, set_id, interchange_control, group_control, set_control, status)
    select i.file_id, i.partner_id, '850', i.control, ltrim(i.control, '0'), '0001',
           case when f.state = 'rejected' then 'R' else 'A' end
    from ${s}.interchanges i join ${s}.files f on f.id = i.file_id`);
  await db.query(`
    insert into ${s}.translation_errors (file_id, code, message, ack, position)
    select id, 'DS_X12_ELEMENT_INVALID_CODE', 'BEG01 "XX" is not a valid code', 'AK403=7',
           '{"segment": 2, "tag": "BEG", "element": 1, "value": "XX"}'::jsonb
    from ${s}.files where state = 'rejected'`);
  await db.query(`
    insert into ${s}.outbound (id, partner_id, file_id, kind, content, state, next_attempt_at, delivered_at, created_at)
    select md5('o' || id)::uuid::text, partner_id, id, '997', 'ISA*00*...~', 'delivered', received_at,
           received_at + interval '1 second', received_at
    from ${s}.files`);
  // Events in chunks of 100,000 (one statement per chunk keeps each transaction reasonable).
  const total = files * perFile;
  for (let from = 1; from <= total; from += 100_000) {
    const to = Math.min(total, from + 99_999);
    await db.query(`
      insert into ${s}.outbox (id, type, partner_id, file_id, subject, payload, state, attempts,
                               next_attempt_at, last_error, created_at, updated_at, posted_at, connector)
      select e.id, e.type, e.partner, e.file_id, e.subject,
             jsonb_build_object('specversion', '1.0', 'id', e.id, 'type', e.type,
                                'source', 'dockside/partners/' || e.partner, 'subject', e.subject,
                                'data', jsonb_build_object('purchaseOrderNumber', e.subject,
                                  'lines', jsonb_build_array(jsonb_build_object('lineNumber', '1', 'quantity', 2, 'unitPrice', '9.99')))),
             e.state, case when e.state = 'posted' then 1 when e.state = 'dead' then 5 else 0 end,
             e.at, case when e.state = 'dead' then 'HTTP 422: unknown SKU' end,
             e.at, e.at, case when e.state = 'posted' then e.at + interval '2 seconds' end, 'default'
      from (
        select md5('e' || g) as id,
               (array['order.created','shipment.confirmed','invoice.received'])[1 + g % 3] as type,
               (array['acme','northwind','summit','globex','initech'])[1 + ((g - 1) / ${perFile} + 1) % 5] as partner,
               md5('f' || ((g - 1) / ${perFile} + 1))::uuid::text as file_id,
               (array['PO-','SHP-','INV-'])[1 + g % 3] || (1000000 + g) as subject,
               case when g % 100 = 0 then 'dead' when g % 100 = 1 then 'queued' when g % 100 = 2 then 'failed'
                    else 'posted' end as state,
               now() - make_interval(secs => ((g - 1) / ${perFile} + 1) * 30 - 3) as at
        from generate_series(${from}, ${to}) g
      ) e`);
  }
  await db.query(`
    insert into ${s}.delivery_attempts (event_id, attempt, connector, worker, started_at, duration_ms, outcome, status_code, error)
    select id, 1, 'default', 'bench:1', created_at, 40, 'dead', 422, 'unknown SKU'
    from ${s}.outbox where state = 'dead'`);
  await db.query(
    `analyze ${s}.files, ${s}.outbox, ${s}.transactions, ${s}.interchanges, ${s}.outbound, ${s}.delivery_attempts`,
  );
}

if (require.main === module) {
  runOpsBench({ say: (l) => process.stdout.write(l) })
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 1;
    });
}
