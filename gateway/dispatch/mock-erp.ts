// The sandbox ERP (`dockside mock-erp`): takes canonical CloudEvents on POST /events as an ERP's
// webhook endpoint would (Idempotency-Key, signature over the raw bytes) and fails on demand
// (a 503 window, added latency, 422 for matching payloads) so delivery retries can be exercised.
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import fastify, { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SIGNATURE_HEADER, verifySignature } from './signature';

export interface MockErpOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, POST /events needs a valid `x-dockside-signature`. */
  secret?: string;
  logger?: Logger;
}

/** Counters since start or the last POST /reset; `received` counts every POST /events. */
export interface MockErpStats {
  received: number;
  posted: number;
  duplicates: number;
  rejected: number;
  unavailable: number;
  badSignature: number;
}

/** An event the ERP accepted, under the Idempotency-Key it came with. */
export interface Posting {
  key: string;
  id: string;
  type: string;
  /** Epoch milliseconds. */
  receivedAt: number;
}

/** The failure modes in force, as POST/DELETE /control answer them. */
export interface MockErpModes {
  /** ISO time until which POST /events answers 503; null when available. */
  unavailableUntil: string | null;
  latencyMs: number;
  rejectMatching: string | null;
}

export interface MockErp {
  readonly port: number;
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  stats(): MockErpStats;
  postings(): readonly Posting[];
  close(): Promise<void>;
}

interface State {
  stats: MockErpStats;
  /** By Idempotency-Key; a Map keeps arrival order. */
  postings: Map<string, Posting>;
  unavailableUntil: number;
  latencyMs: number;
  rejectMatching: string | null;
}

interface Answer {
  status: number;
  body: unknown;
}

// Longer than the usual client idle timeouts, so a pooled connection is not cut under a request.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

const controlSchema = z.strictObject({
  unavailableForSeconds: z.number().min(0).finite().optional(),
  latencyMs: z.number().int().min(0).optional(),
  rejectMatching: z.string().min(1).nullable().optional(),
});

const eventSchema = z.object({ id: z.string().min(1), type: z.string().min(1) });

const limitSchema = z.coerce.number().int().min(1).optional();

/** Start the sandbox ERP; resolves once it listens (`port: 0` picks a free port). */
export async function startMockErp(options: MockErpOptions): Promise<MockErp> {
  const host = options.host ?? '127.0.0.1';
  const state: State = { stats: zeroStats(), postings: new Map(), ...noFailures() };
  const app = fastify({ logger: false, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS });
  keepRawBodies(app);
  routes(app, state, options);
  await app.listen({ host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stats: () => ({ ...state.stats }),
    postings: () => [...state.postings.values()],
    close: () => app.close(),
  };
}

// Signatures are over the exact bytes sent, so no content type may be parsed before the check.
function keepRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

function routes(app: FastifyInstance, state: State, options: MockErpOptions): void {
  const send = (reply: FastifyReply, answer: Answer) => reply.code(answer.status).send(answer.body);
  app.post('/events', async (req, reply) => {
    const answer = await postEvent(state, options.secret, req.headers, rawBody(req.body));
    options.logger?.debug({ key: req.headers['idempotency-key'], status: answer.status }, 'mock ERP: event');
    return send(reply, answer);
  });
  app.post('/control', async (req, reply) => {
    const answer = setModes(state, rawBody(req.body));
    options.logger?.info({ status: answer.status, modes: answer.body }, 'mock ERP: control');
    return send(reply, answer);
  });
  app.delete('/control', async () => {
    Object.assign(state, noFailures());
    return modes(state);
  });
  app.get('/stats', async () => state.stats);
  app.get<{ Querystring: { limit?: string } }>('/postings', async (req, reply) =>
    send(reply, listPostings(state, req.query.limit)),
  );
  app.post('/reset', async () => {
    state.stats = zeroStats();
    state.postings.clear();
    return { status: 'reset' };
  });
}

/** POST /events: checks in the order an ERP gateway would: key, signature, availability, content. */
async function postEvent(
  state: State,
  secret: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
): Promise<Answer> {
  state.stats.received++;
  const key = single(headers['idempotency-key']);
  if (!key) return { status: 400, body: { error: 'missing Idempotency-Key header' } };
  if (secret !== undefined && !verifySignature(secret, raw, single(headers[SIGNATURE_HEADER]))) {
    state.stats.badSignature++;
    return { status: 401, body: { error: 'bad signature' } };
  }
  if (state.unavailableUntil > Date.now()) {
    state.stats.unavailable++;
    return { status: 503, body: { error: 'unavailable' } };
  }
  if (state.latencyMs > 0) await sleep(state.latencyMs);
  return record(state, key, raw);
}

function record(state: State, key: string, raw: Buffer): Answer {
  const pattern = state.rejectMatching;
  if (pattern !== null && raw.includes(pattern)) {
    state.stats.rejected++;
    return { status: 422, body: { error: 'rejected', reason: `matched ${pattern}` } };
  }
  const event = parseEvent(raw);
  if (!event) return { status: 400, body: { error: 'body is not a CloudEvent (JSON with id and type)' } };
  const earlier = state.postings.get(key);
  if (earlier) {
    state.stats.duplicates++;
    return { status: 409, body: { status: 'duplicate', id: earlier.id } };
  }
  state.postings.set(key, { key, id: event.id, type: event.type, receivedAt: Date.now() });
  state.stats.posted++;
  return { status: 201, body: { status: 'posted', id: event.id } };
}

function setModes(state: State, raw: Buffer): Answer {
  const parsed = controlSchema.safeParse(parseJson(raw));
  if (!parsed.success) {
    return { status: 400, body: { error: `bad control body: ${parsed.error.issues[0]?.message}` } };
  }
  const { unavailableForSeconds, latencyMs, rejectMatching } = parsed.data;
  if (unavailableForSeconds !== undefined) state.unavailableUntil = Date.now() + unavailableForSeconds * 1000;
  if (latencyMs !== undefined) state.latencyMs = latencyMs;
  if (rejectMatching !== undefined) state.rejectMatching = rejectMatching;
  return { status: 200, body: modes(state) };
}

function listPostings(state: State, limitParam: string | undefined): Answer {
  const limit = limitSchema.safeParse(limitParam);
  if (!limit.success) return { status: 400, body: { error: 'limit must be a positive integer' } };
  const all = [...state.postings.values()];
  // The most recent ones, still in arrival order: what a tester looks at after a run.
  return { status: 200, body: { total: all.length, postings: all.slice(-(limit.data ?? all.length)) } };
}

function modes(state: State): MockErpModes {
  const until = state.unavailableUntil;
  return {
    unavailableUntil: until > Date.now() ? new Date(until).toISOString() : null,
    latencyMs: state.latencyMs,
    rejectMatching: state.rejectMatching,
  };
}

function noFailures(): Pick<State, 'unavailableUntil' | 'latencyMs' | 'rejectMatching'> {
  return { unavailableUntil: 0, latencyMs: 0, rejectMatching: null };
}

function zeroStats(): MockErpStats {
  return { received: 0, posted: 0, duplicates: 0, rejected: 0, unavailable: 0, badSignature: 0 };
}

function parseEvent(raw: Buffer): z.infer<typeof eventSchema> | undefined {
  const parsed = eventSchema.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : undefined;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

// A request without a body (or Content-Length: 0) reaches the handler with no body at all.
function rawBody(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
