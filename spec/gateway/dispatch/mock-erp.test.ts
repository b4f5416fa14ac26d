// The sandbox ERP over real HTTP on loopback: idempotent postings, signatures over the raw bytes,
// and the failure modes that delivery retries are tested against.
import { startMockErp, MockErp } from '../../../gateway/dispatch/mock-erp';
import { SIGNATURE_HEADER, signBody, verifySignature } from '../../../gateway/dispatch/signature';

const SECRET = 'sandbox-secret';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function cloudEvent(id: string, data: unknown = { poNumber: 'PO-1' }): string {
  return JSON.stringify({
    specversion: '1.0',
    id,
    type: 'order.created',
    source: 'dockside/partners/acme',
    datacontenttype: 'application/json',
    data,
  });
}

interface PostOptions {
  key?: string | null;
  signature?: string | null;
  contentType?: string;
}

async function postEvent(erp: MockErp, body: string, options: PostOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/cloudevents+json',
  };
  const key = options.key === undefined ? `key-${JSON.parse(body).id}` : options.key;
  if (key !== null) headers['idempotency-key'] = key;
  const signature = options.signature === undefined ? signBody(SECRET, body) : options.signature;
  if (signature !== null) headers[SIGNATURE_HEADER] = signature;
  return call(erp, 'POST', '/events', body, headers);
}

async function call(
  erp: MockErp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Reply> {
  const res = await fetch(`${erp.url}${path}`, {
    method,
    headers: body === undefined ? {} : headers,
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const control = (erp: MockErp, modes: unknown) => call(erp, 'POST', '/control', modes);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256> of the body (the widely published HMAC example)', () => {
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(signBody('key', Buffer.from('abc'))).toBe(signBody('key', 'abc'));
  });

  it('verifies only the exact signature', () => {
    const header = signBody(SECRET, '{"a":1}');
    expect(verifySignature(SECRET, Buffer.from('{"a":1}'), header)).toBe(true);
    expect(verifySignature(SECRET, '{"a": 1}', header)).toBe(false);
    expect(verifySignature('other', '{"a":1}', header)).toBe(false);
    expect(verifySignature(SECRET, '{"a":1}', undefined)).toBe(false);
    expect(verifySignature(SECRET, '{"a":1}', header.slice(0, -1))).toBe(false);
  });
});

describe('mock ERP', () => {
  let erp: MockErp;

  beforeAll(async () => {
    erp = await startMockErp({ port: 0, secret: SECRET });
  });
  afterAll(() => erp.close());
  beforeEach(async () => {
    await call(erp, 'POST', '/reset');
    await call(erp, 'DELETE', '/control');
  });

  it('listens on 127.0.0.1 with the port it got', () => {
    expect(erp.port).toBeGreaterThan(0);
    expect(erp.url).toBe(`http://127.0.0.1:${erp.port}`);
  });

  it('posts an event once (201), answers 409 for the same Idempotency-Key', async () => {
    const body = cloudEvent('evt-1');
    expect(await postEvent(erp, body, { key: 'k1' })).toEqual({
      status: 201,
      body: { status: 'posted', id: 'evt-1' },
    });
    expect(await postEvent(erp, body, { key: 'k1' })).toEqual({
      status: 409,
      body: { status: 'duplicate', id: 'evt-1' },
    });
    expect((await postEvent(erp, body, { key: 'k2', contentType: 'application/json' })).status).toBe(201);
    expect((await call(erp, 'GET', '/stats')).body).toEqual({
      received: 3,
      posted: 2,
      duplicates: 1,
      rejected: 0,
      unavailable: 0,
      badSignature: 0,
    });
    expect(erp.postings()).toEqual([
      { key: 'k1', id: 'evt-1', type: 'order.created', receivedAt: expect.any(Number) },
      { key: 'k2', id: 'evt-1', type: 'order.created', receivedAt: expect.any(Number) },
    ]);
    expect(erp.stats().posted).toBe(2);
  });

  it('needs an Idempotency-Key and a CloudEvent JSON body (400)', async () => {
    const missingKey = await postEvent(erp, cloudEvent('evt-2'), { key: null });
    expect(missingKey.status).toBe(400);
    expect(missingKey.body.error).toEqual(expect.any(String));
    const notJson = 'ISA*00*not json';
    expect((await postEvent(erp, notJson, { key: 'k3' })).status).toBe(400);
    expect((await postEvent(erp, '{"specversion":"1.0"}', { key: 'k4' })).status).toBe(400);
    expect(erp.stats()).toMatchObject({ received: 3, posted: 0 });
  });

  it('checks the signature over the exact bytes: valid, wrong, missing', async () => {
    const body = cloudEvent('evt-3');
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect((await postEvent(erp, body)).status).toBe(201);
    const wrong = await postEvent(erp, reformatted, { key: 'k5', signature: signBody(SECRET, body) });
    expect(wrong).toEqual({ status: 401, body: { error: 'bad signature' } });
    expect(
      (await postEvent(erp, body, { key: 'k6', signature: signBody('not-the-secret', body) })).status,
    ).toBe(401);
    expect((await postEvent(erp, body, { key: 'k7', signature: null })).status).toBe(401);
    expect(erp.stats()).toMatchObject({ received: 4, posted: 1, badSignature: 3 });
  });

  it('answers 503 during an unavailable window without recording, then recovers', async () => {
    const modes = await control(erp, { unavailableForSeconds: 0.4 });
    expect(modes.status).toBe(200);
    expect(Date.parse(String(modes.body.unavailableUntil))).toBeGreaterThan(Date.now());
    expect((await postEvent(erp, cloudEvent('evt-4'))).status).toBe(503);
    expect((await postEvent(erp, cloudEvent('evt-4'))).status).toBe(503);
    expect(erp.postings()).toEqual([]);
    await sleep(450);
    expect((await postEvent(erp, cloudEvent('evt-4'))).status).toBe(201);
    expect(erp.stats()).toMatchObject({ received: 3, unavailable: 2, posted: 1 });
  });

  it('clears the unavailable window with unavailableForSeconds: 0', async () => {
    await control(erp, { unavailableForSeconds: 60 });
    expect((await postEvent(erp, cloudEvent('evt-5'))).status).toBe(503);
    expect((await control(erp, { unavailableForSeconds: 0 })).body.unavailableUntil).toBeNull();
    expect((await postEvent(erp, cloudEvent('evt-5'))).status).toBe(201);
  });

  it('adds latency before answering', async () => {
    await control(erp, { latencyMs: 250 });
    const started = Date.now();
    expect((await postEvent(erp, cloudEvent('evt-6'))).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('rejects payloads containing the pattern with 422 and a reason, without recording', async () => {
    await control(erp, { rejectMatching: 'SKU-BAD' });
    const rejected = await postEvent(erp, cloudEvent('evt-7', { sku: 'SKU-BAD-9' }));
    expect(rejected).toEqual({ status: 422, body: { error: 'rejected', reason: 'matched SKU-BAD' } });
    expect((await postEvent(erp, cloudEvent('evt-8', { sku: 'SKU-OK' }))).status).toBe(201);
    expect(erp.postings().map((p) => p.id)).toEqual(['evt-8']);
    expect(erp.stats()).toMatchObject({ received: 2, rejected: 1, posted: 1 });
  });

  it('POST /control sets modes, DELETE /control clears them; a bad control body is 400', async () => {
    const set = await control(erp, { latencyMs: 5, rejectMatching: 'X' });
    expect(set).toEqual({ status: 200, body: { unavailableUntil: null, latencyMs: 5, rejectMatching: 'X' } });
    expect((await control(erp, { rejectMatching: null })).body).toMatchObject({
      rejectMatching: null,
      latencyMs: 5,
    });
    expect((await control(erp, { latencyMs: -1 })).status).toBe(400);
    expect((await control(erp, { unknownMode: true })).status).toBe(400);
    expect((await call(erp, 'POST', '/control', 'not json')).status).toBe(400);
    await control(erp, { unavailableForSeconds: 30, rejectMatching: 'Y' });
    expect(await call(erp, 'DELETE', '/control')).toEqual({
      status: 200,
      body: { unavailableUntil: null, latencyMs: 0, rejectMatching: null },
    });
    expect((await postEvent(erp, cloudEvent('evt-Y'))).status).toBe(201);
  });

  it('GET /postings lists the most recent postings; POST /reset clears postings and counters', async () => {
    for (const id of ['a', 'b', 'c']) await postEvent(erp, cloudEvent(id));
    const all = await call(erp, 'GET', '/postings');
    expect(all.body.total).toBe(3);
    expect((all.body.postings as { id: string }[]).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    const last = await call(erp, 'GET', '/postings?limit=2');
    expect(last.body).toEqual({
      total: 3,
      postings: [expect.objectContaining({ id: 'b', key: 'key-b' }), expect.objectContaining({ id: 'c' })],
    });
    expect((await call(erp, 'GET', '/postings?limit=0')).status).toBe(400);
    expect(await call(erp, 'POST', '/reset')).toEqual({ status: 200, body: { status: 'reset' } });
    expect((await call(erp, 'GET', '/postings')).body).toEqual({ total: 0, postings: [] });
    expect((await call(erp, 'GET', '/stats')).body).toMatchObject({ received: 0, posted: 0 });
    // A reset forgets the keys: the same event is posted again.
    expect((await postEvent(erp, cloudEvent('a'))).status).toBe(201);
  });
});

describe('mock ERP without a secret', () => {
  it('accepts unsigned events', async () => {
    const erp = await startMockErp({ port: 0 });
    try {
      expect((await postEvent(erp, cloudEvent('evt-9'), { signature: null })).status).toBe(201);
    } finally {
      await erp.close();
    }
  });
});
