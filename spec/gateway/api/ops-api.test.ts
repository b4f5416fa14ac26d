// The ops API over a real store (PGlite and PostgreSQL) through fastify's inject: every route,
// the three roles, 401/403/429, filters, cursor pages, raw download, audit of mutations, the
// OpenAPI document and /metrics. OpsActions is a fake here: only what the API passes and maps.
import { DocksideError } from '../../../canonical/errors';
import type { CanonicalEvent } from '../../../canonical/cloudevent';
import type { FileRecord, Store } from '../../../gateway/store';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../store/support/backends';
import { addFile, bearer, buildApiApp, deliverAll, TOKENS, type ApiApp } from './support/api-fixture';

jest.setTimeout(90_000);

const HOUR = 3_600_000;

describe.each(BACKENDS)('ops API on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  let db: TestDatabase;
  let store: Store;
  let t: ApiApp;
  // Seeded data.
  let delivered: { file: FileRecord; events: CanonicalEvent[] };
  let rejected: FileRecord;
  let failed: FileRecord;
  let northwind: FileRecord[];
  let older: FileRecord;
  const now = Date.now();

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDatabase(backend);
    store = db.store;
    t = await buildApiApp(store);
    // First the file whose events are delivered (posted and dead), before anything else is queued.
    delivered = await addFile(store, {
      partnerId: 'acme',
      name: 'po-delivered.x12',
      content: 'delivered',
      control: '000000101',
      receivedAt: new Date(now - 5 * HOUR),
      events: [
        { type: 'order.created', subject: 'PO-1001' },
        { type: 'order.created', subject: 'PO-1002' },
      ],
    });
    await deliverAll(
      store,
      { [delivered.events[0].id]: 'posted', [delivered.events[1].id]: 'dead' },
      { statusCode: 422, error: 'unknown SKU' },
    );
    rejected = (
      await addFile(store, {
        partnerId: 'acme',
        name: 'po-bad.x12',
        content: 'bad',
        control: '000000102',
        group: '77',
        set: '0042',
        state: 'rejected',
        receivedAt: new Date(now - 4 * HOUR),
        errors: [
          {
            code: 'DS_X12_ELEMENT_INVALID_CODE',
            message: 'BEG01 "XX" is not a valid code',
            ack: 'AK403=7',
            segment: 2,
            tag: 'BEG',
            element: 1,
            value: 'XX',
          },
        ],
      })
    ).file;
    failed = (
      await addFile(store, {
        partnerId: 'acme',
        name: 'po-broken.x12',
        content: 'broken',
        state: 'failed',
        receivedAt: new Date(now - 3 * HOUR),
      })
    ).file;
    northwind = [];
    for (let i = 0; i < 5; i++) {
      const s = await addFile(store, {
        partnerId: 'northwind',
        transport: 'dropzone',
        name: `SHP_${i}.csv`,
        content: `shipment ${i}`,
        receivedAt: new Date(now - (2 * HOUR - i * 60_000)),
        events: [{ type: 'shipment.confirmed', subject: `SHP-${i}` }],
      });
      northwind.push(s.file);
    }
    older = (
      await addFile(store, {
        partnerId: 'summit',
        name: 'invoice "q3" ü.x12',
        content: 'ISA*<script>alert(1)</script>~',
        receivedAt: new Date(now - 48 * HOUR),
        events: [{ type: 'invoice.received', subject: 'INV-9' }],
      })
    ).file;
  });

  afterAll(async () => {
    if (skip) return;
    await t?.close();
    await db?.dispose();
  });

  const get = (url: string, headers: Record<string, string> = bearer('viewer')) =>
    t.inject({ method: 'GET', url, headers });
  const post = (url: string, body?: unknown, headers: Record<string, string> = bearer('operator')) =>
    t.inject({ method: 'POST', url, headers, ...(body !== undefined && { payload: body as object }) });
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((f) => f.id);

  // ---- auth --------------------------------------------------------------------------------

  maybe(
    'refuses calls without a token (401), with an unknown token (401), with a low role (403)',
    async () => {
      const none = await get('/api/v1/files', {});
      expect(none.statusCode).toBe(401);
      expect(none.json()).toEqual({ error: { code: 'DS_API_UNAUTHORIZED', message: expect.any(String) } });
      expect(none.headers['www-authenticate']).toContain('Bearer');
      const unknown = await get('/api/v1/files', { authorization: 'Bearer not-a-token-at-all' });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.message).toBe('unknown token');

      // viewer reads; operator replays and reprocesses; admin pauses connectors.
      for (const role of ['viewer', 'operator', 'admin'] as const) {
        expect((await get('/api/v1/files', bearer(role))).statusCode).toBe(200);
        const replay = await post(`/api/v1/events/${delivered.events[1].id}/replay`, undefined, bearer(role));
        expect(replay.statusCode).toBe(role === 'viewer' ? 403 : 200);
        const reprocess = await post(`/api/v1/files/${rejected.id}/reprocess`, undefined, bearer(role));
        expect(reprocess.statusCode).toBe(role === 'viewer' ? 403 : 200);
        const pause = await post('/api/v1/connectors/default/pause', undefined, bearer(role));
        expect(pause.statusCode).toBe(role === 'admin' ? 200 : 403);
        if (pause.statusCode === 403) expect(pause.json().error.code).toBe('DS_API_FORBIDDEN');
      }
      // A call refused for its role is audited like any refused action (found by probing: a 403
      // left no trace), and so is a replay of a file that does not exist.
      const refusals = await store.listAudit('connector:default', 10);
      expect(
        refusals.filter((a) => a.details.outcome === 'refused').map((a) => [a.actor, a.details.code]),
      ).toEqual([
        ['operator-token', 'DS_API_FORBIDDEN'],
        ['viewer-token', 'DS_API_FORBIDDEN'],
      ]);
      expect(
        (await post('/api/v1/files/no-such-file/replay', undefined, bearer('operator'))).statusCode,
      ).toBe(404);
      const [missing] = await store.listAudit('file:no-such-file', 1);
      expect(missing).toMatchObject({
        actor: 'operator-token',
        action: 'file.replay',
        details: { outcome: 'refused', code: 'DS_API_NOT_FOUND' },
      });
    },
  );

  maybe('accepts the token in the dockside_token cookie', async () => {
    const res = await get('/api/v1/session', { cookie: `theme=dark; dockside_token=${TOKENS.operator}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ role: 'operator', actor: 'operator-token' });
    expect((await get('/api/v1/session', { cookie: 'dockside_token=wrong-token' })).statusCode).toBe(401);
  });

  maybe('rate-limits authentication failures per address with 429 and Retry-After', async () => {
    const limited = await buildApiApp(store, { auth: { maxFailures: 3, windowMs: 60_000 } });
    try {
      const call = (token: string, ip: string) =>
        limited.inject({
          method: 'GET',
          url: '/api/v1/stats',
          headers: { authorization: `Bearer ${token}` },
          localAddress: ip,
        });
      for (let i = 0; i < 3; i++) expect((await call('wrong-token', '127.0.0.5')).statusCode).toBe(401);
      const blocked = await call('wrong-token', '127.0.0.5');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('DS_API_RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Even a good token waits: a brute force must not learn that a guess was right.
      expect((await call(TOKENS.viewer, '127.0.0.5')).statusCode).toBe(429);
      // Other addresses are not affected.
      expect((await call(TOKENS.viewer, '127.0.0.6')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  maybe('refuses everything with 401 and warns when no token is configured', async () => {
    const lines: string[] = [];
    const pino = (await import('pino')).default;
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const open = await buildApiApp(store, { tokens: {}, logger });
    try {
      const res = await open.inject({ method: 'GET', url: '/api/v1/files', headers: bearer('admin') });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toContain('no token is configured');
      expect(lines.join('')).toContain('no API token configured');
    } finally {
      await open.close();
    }
  });

  // ---- files -------------------------------------------------------------------------------

  maybe('lists files newest first, and filters by partner, state, transport and dates', async () => {
    const all = await get('/api/v1/files');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.nextCursor).toBeNull();
    expect(body.items).toHaveLength(9);
    const times = body.items.map((f: FileRecord) => Date.parse(String(f.receivedAt)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(body.items[0]).toMatchObject({
      partnerId: 'northwind',
      transport: 'dropzone',
      state: 'translated',
    });

    expect(ids(await get('/api/v1/files?partner=acme'))).toEqual([failed.id, rejected.id, delivered.file.id]);
    expect(ids(await get('/api/v1/files?partner=acme&state=rejected'))).toEqual([rejected.id]);
    expect(ids(await get('/api/v1/files?state=failed'))).toEqual([failed.id]);
    expect(ids(await get('/api/v1/files?transport=dropzone'))).toHaveLength(5);
    const from = new Date(now - 4.5 * HOUR).toISOString();
    const to = new Date(now - 2.5 * HOUR).toISOString();
    expect(ids(await get(`/api/v1/files?receivedFrom=${from}&receivedTo=${to}`))).toEqual([
      failed.id,
      rejected.id,
    ]);
  });

  maybe('finds files by business number, control number and name', async () => {
    expect(ids(await get('/api/v1/files?businessNumber=PO-1002'))).toEqual([delivered.file.id]);
    expect(ids(await get('/api/v1/files?businessNumber=SHP-3'))).toEqual([northwind[3].id]);
    expect(ids(await get('/api/v1/files?businessNumber=nothing'))).toEqual([]);
    // ISA13 as stored, and without its zero padding; GS06 and ST02 of the transactions.
    expect(ids(await get('/api/v1/files?controlNumber=000000102'))).toEqual([rejected.id]);
    expect(ids(await get('/api/v1/files?controlNumber=101'))).toEqual([delivered.file.id]);
    expect(ids(await get('/api/v1/files?controlNumber=77'))).toEqual([rejected.id]);
    expect(ids(await get('/api/v1/files?controlNumber=0042'))).toEqual([rejected.id]);
    expect(ids(await get('/api/v1/files?name=shp_'))).toHaveLength(5);
    // LIKE wildcards in the search are literal.
    expect(ids(await get('/api/v1/files?name=%25'))).toEqual([]);
    expect(ids(await get(`/api/v1/files?name=${encodeURIComponent('"q3"')}`))).toEqual([older.id]);
  });

  maybe('pages with an opaque cursor: every file once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/files?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((f: FileRecord) => f.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(ids(await get('/api/v1/files')));

    const filtered = await get('/api/v1/files?partner=northwind&limit=3');
    const next = await get(`/api/v1/files?partner=northwind&limit=3&cursor=${filtered.json().nextCursor}`);
    expect([...ids(filtered), ...ids(next)]).toEqual([...northwind].reverse().map((f) => f.id));
    expect(next.json().nextCursor).toBeNull();

    const bad = await get('/api/v1/files?cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('DS_API_BAD_CURSOR');
  });

  maybe('validates queries against the schema (400 DS_API_BAD_REQUEST)', async () => {
    for (const q of ['state=lost', 'limit=0', 'limit=100000', 'receivedFrom=yesterday']) {
      const res = await get(`/api/v1/files?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('DS_API_BAD_REQUEST');
    }
    const unknown = await get('/api/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('DS_API_NOT_FOUND');
  });

  maybe('refuses what the database cannot take with 400, never a 500', async () => {
    // Found by a probe: a NUL in a path, query or body, and dates JavaScript takes but
    // PostgreSQL refuses, gave 500s (and the refused action's audit entry failed with them).
    const cursor = (at: string) => Buffer.from(JSON.stringify([at, 'x'])).toString('base64url');
    const bad: [string, string][] = [
      ['/api/v1/files/x%00y', 'DS_API_BAD_REQUEST'],
      ['/api/v1/files?name=%00', 'DS_API_BAD_REQUEST'],
      ['/api/v1/events?subject=a%00', 'DS_API_BAD_REQUEST'],
      ['/api/v1/audit?subject=x%00', 'DS_API_BAD_REQUEST'],
      ['/api/v1/files?receivedFrom=0000-01-01T00:00:00Z', 'DS_API_BAD_REQUEST'],
      ['/api/v1/files?receivedTo=2026-06-30T23:59:60Z', 'DS_API_BAD_REQUEST'],
      [`/api/v1/files?cursor=${cursor('1')}`, 'DS_API_BAD_CURSOR'],
      [`/api/v1/files?cursor=${cursor('-271821-04-20T00:00:00Z')}`, 'DS_API_BAD_CURSOR'],
    ];
    for (const [url, code] of bad) {
      const res = await get(url);
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 400, code]);
    }
    const body = await post('/api/v1/dead-letters/replay', { partnerId: 'x\u0000y' });
    expect([body.statusCode, body.json().error.code]).toEqual([400, 'DS_API_BAD_REQUEST']);
  });

  maybe(
    'shows a file with transactions, errors, events, delivery attempts, acks and audit trail',
    async () => {
      const res = await get(`/api/v1/files/${delivered.file.id}`);
      expect(res.statusCode).toBe(200);
      const d = res.json();
      expect(d.file).toMatchObject({ id: delivered.file.id, partnerId: 'acme', name: 'po-delivered.x12' });
      expect(d.interchanges).toEqual([expect.objectContaining({ control: '000000101' })]);
      expect(d.transactions).toEqual([expect.objectContaining({ setId: '850', status: 'A' })]);
      expect(d.events.map((e: { subject: string; state: string }) => [e.subject, e.state])).toEqual([
        ['PO-1001', 'posted'],
        ['PO-1002', 'dead'],
      ]);
      expect(d.deliveryAttempts).toHaveLength(2);
      expect(d.deliveryAttempts[0]).toMatchObject({ attempt: 1, worker: 'test:1', statusCode: 422 });
      expect(d.outbound).toEqual([expect.objectContaining({ kind: '997', state: 'pending' })]);
      expect(d.outbound[0].content).toBeUndefined();

      const bad = (await get(`/api/v1/files/${rejected.id}`)).json();
      expect(bad.file.state).toBe('rejected');
      expect(bad.errors[0]).toMatchObject({
        code: 'DS_X12_ELEMENT_INVALID_CODE',
        ack: 'AK403=7',
        segment: 2,
        tag: 'BEG',
        element: 1,
        value: 'XX',
      });
      // The reprocess calls of the role test are its audit trail.
      expect(bad.audit.length).toBeGreaterThan(0);
      expect(bad.audit[0]).toMatchObject({ action: 'file.reprocess', subject: `file:${rejected.id}` });

      expect((await get('/api/v1/files/no-such-file')).statusCode).toBe(404);
    },
  );

  maybe('downloads the raw bytes as an attachment, name escaped', async () => {
    const res = await get(`/api/v1/files/${older.id}/raw`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.rawPayload.toString()).toBe('ISA*<script>alert(1)</script>~');
    const cd = String(res.headers['content-disposition']);
    expect(cd).toBe(
      `attachment; filename="invoice _q3_ _.x12"; filename*=UTF-8''${encodeURIComponent('invoice "q3" ü.x12')}`,
    );
    expect((await get('/api/v1/files/nope/raw')).statusCode).toBe(404);
    expect((await get(`/api/v1/files/${older.id}/raw`, {})).statusCode).toBe(401);
  });

  // ---- events ------------------------------------------------------------------------------

  maybe('lists events by type, state, partner, connector, file and subject, with cursor pages', async () => {
    const all = (await get('/api/v1/events')).json();
    expect(all.items).toHaveLength(8);
    expect(all.items[0].type).toBe('invoice.received');
    expect(ids(await get('/api/v1/events?type=shipment.confirmed'))).toHaveLength(5);
    expect(ids(await get('/api/v1/events?state=dead'))).toEqual([delivered.events[1].id]);
    expect(ids(await get('/api/v1/events?state=posted'))).toEqual([delivered.events[0].id]);
    expect(ids(await get('/api/v1/events?partner=acme'))).toEqual([
      delivered.events[1].id,
      delivered.events[0].id,
    ]);
    expect(ids(await get('/api/v1/events?connector=default'))).toHaveLength(8);
    expect(ids(await get('/api/v1/events?connector=other'))).toEqual([]);
    expect(ids(await get(`/api/v1/events?fileId=${northwind[2].id}`))).toHaveLength(1);
    expect(ids(await get('/api/v1/events?subject=INV-9'))).toHaveLength(1);
    const first = (await get('/api/v1/events?limit=5')).json();
    const second = (await get(`/api/v1/events?limit=5&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((e: { id: string }) => e.id)).toEqual(
      ids({ json: () => all }),
    );
    expect(second.nextCursor).toBeNull();
  });

  maybe('shows an event with its payload and delivery attempts', async () => {
    const res = await get(`/api/v1/events/${delivered.events[1].id}`);
    expect(res.statusCode).toBe(200);
    const e = res.json();
    expect(e).toMatchObject({
      id: delivered.events[1].id,
      state: 'dead',
      subject: 'PO-1002',
      connector: 'default',
      payload: {
        id: delivered.events[1].id,
        type: 'order.created',
        data: { purchaseOrderNumber: 'PO-1002' },
      },
    });
    expect(e.deliveryAttempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'dead', statusCode: 422, error: 'unknown SKU' }),
    ]);
    expect((await get('/api/v1/events/nope')).statusCode).toBe(404);
  });

  maybe('replays one event: passes the actor, audits, maps refusals', async () => {
    t.actions.calls = [];
    const id = delivered.events[1].id;
    const ok = await post(`/api/v1/events/${id}/replay`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ eventId: id, state: 'queued' });
    expect(t.actions.calls).toEqual([{ method: 'replayEvent', eventId: id, actor: 'operator-token' }]);
    const [entry] = await store.listAudit(`event:${id}`, 1);
    expect(entry).toMatchObject({
      actor: 'operator-token',
      action: 'event.replay',
      details: { outcome: 'ok' },
    });

    t.actions.fail = new DocksideError('DS_DISPATCH_NOT_REPLAYABLE', 'the event is in flight');
    try {
      const refused = await post(`/api/v1/events/${id}/replay`, undefined, bearer('admin'));
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toEqual({
        error: { code: 'DS_DISPATCH_NOT_REPLAYABLE', message: 'the event is in flight' },
      });
      const [audit] = await store.listAudit(`event:${id}`, 1);
      expect(audit).toMatchObject({
        actor: 'admin-token',
        details: { outcome: 'refused', code: 'DS_DISPATCH_NOT_REPLAYABLE' },
      });
      t.actions.fail = new DocksideError('DS_API_NOT_AVAILABLE', 'no dispatcher');
      expect((await post(`/api/v1/events/${id}/replay`)).statusCode).toBe(503);
      t.actions.fail = new DocksideError('DS_STORE_NOT_FOUND', 'no outbox event x');
      expect((await post('/api/v1/events/x/replay')).statusCode).toBe(404);
      t.actions.fail = new Error('boom');
      const crash = await post(`/api/v1/events/${id}/replay`);
      expect(crash.statusCode).toBe(500);
      expect(crash.json().error.code).toBe('DS_API_INTERNAL');
    } finally {
      t.actions.fail = undefined;
    }
  });

  maybe('lists dead letters and replays them in bulk with the filter passed through', async () => {
    const dead = (await get('/api/v1/dead-letters')).json();
    expect(dead.items.map((e: { id: string }) => e.id)).toEqual([delivered.events[1].id]);
    expect(ids(await get('/api/v1/dead-letters?partner=northwind'))).toEqual([]);
    expect(ids(await get('/api/v1/dead-letters?type=order.created&partner=acme'))).toHaveLength(1);

    t.actions.calls = [];
    const res = await post('/api/v1/dead-letters/replay', { partnerId: 'acme', type: 'order.created' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ replayed: 3 });
    expect(t.actions.calls).toEqual([
      {
        method: 'replayEvents',
        filter: { partnerId: 'acme', type: 'order.created' },
        actor: 'operator-token',
      },
    ]);
    const [entry] = await store.listAudit('dead-letters', 1);
    expect(entry).toMatchObject({
      action: 'dead-letters.replay',
      actor: 'operator-token',
      details: {
        filter: { partnerId: 'acme', type: 'order.created' },
        outcome: 'ok',
        result: { replayed: 3 },
      },
    });
    // No filter at all needs "all": true; unknown fields are refused.
    expect((await post('/api/v1/dead-letters/replay', {})).statusCode).toBe(400);
    expect((await post('/api/v1/dead-letters/replay', { all: true })).statusCode).toBe(200);
    expect(t.actions.calls[1]).toMatchObject({ filter: {} });
    expect((await post('/api/v1/dead-letters/replay', { partner: 'acme' })).statusCode).toBe(400);
    expect((await post('/api/v1/dead-letters/replay', { all: true }, bearer('viewer'))).statusCode).toBe(403);
  });

  // ---- files: reprocess; connectors ---------------------------------------------------------

  maybe('reprocesses a file through the actions, audited with the actor', async () => {
    t.actions.calls = [];
    const res = await post(`/api/v1/files/${failed.id}/reprocess`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      fileId: failed.id,
      state: 'translated',
      queued: 1,
      refreshed: 0,
      alreadyQueued: 2,
    });
    expect(t.actions.calls).toEqual([
      { method: 'reprocessFile', fileId: failed.id, actor: 'operator-token' },
    ]);
    const audit = (await get(`/api/v1/audit?subject=file:${failed.id}`)).json();
    expect(audit.items[0]).toMatchObject({ actor: 'operator-token', action: 'file.reprocess' });
  });

  maybe('replays every event of a file, posted ones included (operator), audited', async () => {
    t.actions.calls = [];
    const res = await post(`/api/v1/files/${failed.id}/replay`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ replayed: 3 });
    expect(t.actions.calls).toEqual([
      {
        method: 'replayEvents',
        filter: { fileId: failed.id, states: ['posted', 'failed', 'dead'] },
        actor: 'operator-token',
      },
    ]);
    const audit = (await get(`/api/v1/audit?subject=file:${failed.id}`)).json();
    expect(audit.items[0]).toMatchObject({ actor: 'operator-token', action: 'file.replay' });
    expect((await post('/api/v1/files/no-such-file/replay')).statusCode).toBe(404);
    expect((await post(`/api/v1/files/${failed.id}/replay`, undefined, bearer('viewer'))).statusCode).toBe(
      403,
    );
  });

  maybe('pauses and resumes connectors (admin), audited', async () => {
    t.actions.calls = [];
    const pause = await post('/api/v1/connectors/erp-main/pause', undefined, bearer('admin'));
    expect(pause.statusCode).toBe(200);
    expect(pause.json()).toEqual({ name: 'erp-main', paused: true });
    const resume = await post('/api/v1/connectors/erp-main/resume', undefined, bearer('admin'));
    expect(resume.json()).toEqual({ name: 'erp-main', paused: false });
    expect(t.actions.calls).toEqual([
      { method: 'setConnectorPaused', name: 'erp-main', paused: true, actor: 'admin-token' },
      { method: 'setConnectorPaused', name: 'erp-main', paused: false, actor: 'admin-token' },
    ]);
    const audit = (await get('/api/v1/audit?subject=connector:erp-main')).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'connector.resume',
      'connector.pause',
    ]);
    expect((await post('/api/v1/connectors/Bad%20Name!/pause', undefined, bearer('admin'))).statusCode).toBe(
      400,
    );
    const list = await get('/api/v1/connectors');
    expect(list.statusCode).toBe(200);
    expect(Array.isArray(list.json().items)).toBe(true);
  });

  maybe('lists the intake leases, held and run out', async () => {
    await store.takeLease('poll:acme:sftp.acme.example:22:/out', 'gateway-1/412/ab12', 60_000);
    await store.takeLease('dropzone:northwind:dropzones/northwind/inbound', 'gateway-2/97/cd34', 1);
    await new Promise((r) => setTimeout(r, 10));
    const res = await get('/api/v1/leases');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        name: 'dropzone:northwind:dropzones/northwind/inbound',
        owner: 'gateway-2/97/cd34',
        held: false,
      }),
      expect.objectContaining({
        name: 'poll:acme:sftp.acme.example:22:/out',
        owner: 'gateway-1/412/ab12',
        held: true,
      }),
    ]);
    expect((await get('/api/v1/leases', {})).statusCode).toBe(401);
  });

  // ---- partners, stats, audit ----------------------------------------------------------------

  maybe('shows partner health from files, errors and profiles', async () => {
    const res = await get('/api/v1/partners');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string }[];
    expect(items.map((p) => p.id)).toEqual(['acme', 'northwind', 'summit']);
    const acme = (await get('/api/v1/partners/acme')).json();
    expect(acme).toMatchObject({
      id: 'acme',
      name: 'Acme Retail',
      configured: true,
      expectAckWithinMinutes: 1440,
      lastFile: { id: failed.id, state: 'failed' },
      files24h: 3,
      rejected24h: 2,
      errors24h: 1,
      overdueAcks: 0,
      outbound: { pending: 2, failed: 0 },
    });
    expect(acme.transports.length).toBeGreaterThan(0);
    const summit = (await get('/api/v1/partners/summit')).json();
    expect(summit).toMatchObject({ files24h: 0, lastFile: { id: older.id } });
    expect((await get('/api/v1/partners/nobody')).statusCode).toBe(404);
  });

  maybe('answers stats: files today, exception rate, queue depth, dead letters', async () => {
    const s = (await get('/api/v1/stats')).json();
    expect(s.outbox).toEqual({ queued: 6, delivering: 0, posted: 1, failed: 0, dead: 1 });
    expect(s.queueDepth).toBe(6);
    expect(s.deadLetters).toBe(1);
    expect(s.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(s.overdueAcks).toBe(0);
    expect(s.filesTodayTotal).toBe(
      Object.values(s.filesToday as Record<string, number>).reduce((a: number, b: number) => a + b, 0),
    );
    expect(s.exceptionRate).toBeGreaterThanOrEqual(0);
    expect(s.exceptionRate).toBeLessThanOrEqual(1);
  });

  maybe('needs a subject for the audit log', async () => {
    expect((await get('/api/v1/audit')).statusCode).toBe(400);
    expect((await get('/api/v1/audit?subject=nothing')).json()).toEqual({ items: [] });
  });

  // ---- reference and metrics ---------------------------------------------------------------

  maybe('publishes an OpenAPI document listing every route, and a reference page', async () => {
    const res = await get('/api/v1/openapi.json', {});
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(listed).toEqual(
      [
        'GET /api/v1/files',
        'GET /api/v1/files/{id}',
        'GET /api/v1/files/{id}/raw',
        'POST /api/v1/files/{id}/replay',
        'POST /api/v1/files/{id}/reprocess',
        'GET /api/v1/events',
        'GET /api/v1/events/{id}',
        'POST /api/v1/events/{id}/replay',
        'GET /api/v1/dead-letters',
        'POST /api/v1/dead-letters/replay',
        'GET /api/v1/partners',
        'GET /api/v1/partners/{id}',
        'GET /api/v1/connectors',
        'POST /api/v1/connectors/{name}/pause',
        'POST /api/v1/connectors/{name}/resume',
        'GET /api/v1/leases',
        'GET /api/v1/stats',
        'GET /api/v1/audit',
        'GET /api/v1/session',
        'GET /api/v1/openapi.json',
        'GET /api/v1/docs',
        'GET /metrics',
      ].sort(),
    );
    const files = doc.paths['/api/v1/files'].get;
    expect(files['x-dockside-role']).toBe('viewer');
    expect(files.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['partner', 'state', 'businessNumber', 'controlNumber', 'cursor', 'limit']),
    );
    expect(files.responses['200'].content['application/json'].schema.properties.items).toBeDefined();
    expect(doc.paths['/api/v1/connectors/{name}/pause'].post['x-dockside-role']).toBe('admin');
    expect(doc.paths['/api/v1/dead-letters/replay'].post.requestBody).toBeDefined();

    const page = await get('/api/v1/docs', {});
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/api/v1/files/{id}/raw');
    expect(page.body).not.toMatch(/<script|https?:\/\/(?!www\.w3)/);
  });

  maybe('serves /metrics with the queue gauges read at scrape time', async () => {
    t.metrics.filesReceived.inc({ partner: 'acme', transport: 'sftp' });
    const res = await get('/metrics', {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('dockside_outbox_depth{state="queued"} 6');
    expect(res.body).toContain('dockside_outbox_depth{state="failed"} 0');
    expect(res.body).toMatch(/dockside_outbox_oldest_queued_age_seconds \d/);
    expect(res.body).toContain('dockside_files_received_total{partner="acme",transport="sftp"} 1');
  });
});
