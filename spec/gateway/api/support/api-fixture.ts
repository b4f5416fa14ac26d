// An ops API on a real store: fastify with registerOps, the repo's partner profiles, a fake
// OpsActions that records its calls, and helpers that put files and events in the store the way
// the pipeline does (blob, files row, claim, commitTranslation).
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { makeEvent, type CanonicalEvent, type EventType } from '../../../../canonical/cloudevent';
import { registerOps, type OpsApi } from '../../../../gateway/api';
import type { AuthOptions } from '../../../../gateway/api/auth';
import { GatewayMetrics } from '../../../../gateway/runtime/metrics';
import type { OpsActions, ReplayFilter } from '../../../../gateway/runtime/ops-actions';
import { ProfileRegistry } from '../../../../gateway/runtime/profile-registry';
import type { Settings } from '../../../../gateway/runtime/settings';
import type { FileRecord, Store } from '../../../../gateway/store';
import type { TranslationError } from '../../../../translators/translation';

export const ROOT = join(__dirname, '..', '..', '..', '..');

/** One token per role (the settings require at least 16 characters). */
export const TOKENS = {
  admin: 'admin-secret-0123456789',
  operator: 'operator-secret-0123456789',
  viewer: 'viewer-secret-0123456789',
} as const;

export const bearer = (role: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[role]}` });

/** A call the fake actions received. */
export type ActionCall =
  | { method: 'replayEvent'; eventId: string; actor: string }
  | { method: 'replayEvents'; filter: ReplayFilter; actor: string }
  | { method: 'reprocessFile'; fileId: string; actor: string }
  | { method: 'setConnectorPaused'; name: string; paused: boolean; actor: string };

/** OpsActions that record calls and answer canned results, or throw `fail` when set. */
export class FakeActions implements OpsActions {
  calls: ActionCall[] = [];
  fail: Error | undefined;

  async replayEvent(eventId: string, actor: string) {
    this.calls.push({ method: 'replayEvent', eventId, actor });
    if (this.fail) throw this.fail;
    return { eventId, state: 'queued' };
  }
  async replayEvents(filter: ReplayFilter, actor: string) {
    this.calls.push({ method: 'replayEvents', filter, actor });
    if (this.fail) throw this.fail;
    return { replayed: 3 };
  }
  async reprocessFile(fileId: string, actor: string) {
    this.calls.push({ method: 'reprocessFile', fileId, actor });
    if (this.fail) throw this.fail;
    return { fileId, state: 'translated', queued: 1, refreshed: 0, alreadyQueued: 2 };
  }
  async setConnectorPaused(name: string, paused: boolean, actor: string) {
    this.calls.push({ method: 'setConnectorPaused', name, paused, actor });
    if (this.fail) throw this.fail;
  }
}

/** An HTTP answer, shaped like fastify's inject response. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  rawPayload: Buffer;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What `call` sends. `localAddress` picks the client address (127.0.0.x). */
export interface Call {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: object;
  localAddress?: string;
}

/**
 * One real HTTP request to `port` on 127.0.0.1. (fastify's inject loads light-my-request, whose
 * `cookie` dependency is ESM-only and cannot be required under jest.)
 */
export function call(port: number, c: Call): Promise<Answer> {
  const body = c.payload === undefined ? undefined : Buffer.from(JSON.stringify(c.payload));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: c.method,
        path: c.url,
        headers: { ...c.headers, ...(body && { 'content-type': 'application/json' }) },
        ...(c.localAddress && { localAddress: c.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({
            statusCode: res.statusCode ?? 0,
            headers: res.headers,
            body: raw.toString('utf8'),
            rawPayload: raw,
            json: () => JSON.parse(raw.toString('utf8')),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A fastify app with the ops API over `store`, listening on 127.0.0.1. */
export interface ApiApp {
  app: FastifyInstance;
  port: number;
  /** A request to the app. */
  inject(c: Call): Promise<Answer>;
  api: OpsApi;
  actions: FakeActions;
  metrics: GatewayMetrics;
  profiles: ProfileRegistry;
  close(): Promise<void>;
}

export async function buildApiApp(
  store: Store,
  options: { tokens?: Settings['tokens']; auth?: AuthOptions; logger?: Logger } = {},
): Promise<ApiApp> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const profiles = new ProfileRegistry(join(ROOT, 'partners'), logger);
  await profiles.load();
  const actions = new FakeActions();
  const metrics = new GatewayMetrics({ defaults: false });
  const app = fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  const api = registerOps(
    app,
    { store, actions, profiles, metrics, tokens: options.tokens ?? TOKENS, logger, connectors: [] },
    options.auth,
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    port,
    inject: (c) => call(port, c),
    api,
    actions,
    metrics,
    profiles,
    close: () => app.close(),
  };
}

/** What `addFile` records. */
export interface FileSpec {
  partnerId: string;
  name: string;
  content: string;
  transport?: string;
  receivedAt?: Date;
  /** 'received' leaves it untranslated; 'failed' marks it failed. Default 'translated'. */
  state?: 'translated' | 'rejected' | 'received' | 'failed';
  /** Events as (type, subject). */
  events?: { type: EventType; subject: string }[];
  errors?: TranslationError[];
  /** ISA13 of the interchange (X12 files). */
  control?: string;
  /** GS06 and ST02. */
  group?: string;
  set?: string;
}

/** A recorded file and its events. */
export interface Seeded {
  file: FileRecord;
  events: CanonicalEvent[];
}

/** Record a file as intake and the pipeline would. */
export async function addFile(store: Store, spec: FileSpec): Promise<Seeded> {
  const blob = await store.blobs.putBlob(Buffer.from(spec.content));
  const { file } = await store.recordFile({
    partnerId: spec.partnerId,
    transport: spec.transport ?? 'sftp',
    name: spec.name,
    sha256: blob.sha256,
    size: blob.size,
    ...(spec.receivedAt && { receivedAt: spec.receivedAt }),
  });
  const state = spec.state ?? 'translated';
  if (state === 'received') return { file, events: [] };
  await store.claimForTranslation(file.id);
  if (state === 'failed') {
    return { file: await store.markFileFailed(file.id, 'blob unreadable'), events: [] };
  }
  const control = spec.control ?? String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const events = (spec.events ?? []).map((e, i) =>
    makeEvent({
      type: e.type,
      partnerId: spec.partnerId,
      fileId: file.id,
      subject: e.subject,
      time: '2026-11-27T10:00:00Z',
      sourceFormat: 'x12-850-004010',
      idParts: [spec.partnerId, file.id, String(i)],
      x12: { interchange: control, group: spec.group ?? '1', set: spec.set ?? '0001' },
      data: { purchaseOrderNumber: e.subject },
    }),
  );
  await store.commitTranslation(file.id, {
    events,
    acks: [{ kind: '997', content: `ISA*ack-of-${control}~` }],
    errors: spec.errors ?? [],
    accepted: state === 'translated',
    interchanges: [{ control, senderQualifier: 'ZZ', senderId: spec.partnerId.toUpperCase() }],
    sets: [
      {
        setId: '850',
        interchange: control,
        group: spec.group ?? '1',
        control: spec.set ?? '0001',
        status: state === 'translated' ? 'A' : 'R',
        ...(events[0] && { eventId: events[0].id }),
      },
    ],
  });
  return { file: (await store.getFile(file.id)) as FileRecord, events };
}

/**
 * Claim every due event and settle each with its outcome in `outcomes` (default 'retry' an hour
 * later): a delivery attempt row is written for each. Call before queuing events that must stay queued.
 */
export async function deliverAll(
  store: Store,
  outcomes: Record<string, 'posted' | 'retry' | 'dead'>,
  extra: { statusCode?: number; error?: string } = {},
): Promise<void> {
  const claimed = await store.claimOutbox(1000, { leaseMs: 60_000 });
  await store.settleDeliveries(
    claimed.map((row) => ({
      id: row.id,
      attempt: row.attempts,
      connector: 'default',
      worker: 'test:1',
      startedAt: new Date(),
      durationMs: 12,
      outcome: outcomes[row.id] ?? 'retry',
      retryAt: new Date(Date.now() + 3_600_000),
      ...(extra.statusCode !== undefined && { statusCode: extra.statusCode }),
      ...(extra.error !== undefined && { error: extra.error }),
    })),
  );
}
