// JSON Schemas of the ops API's records: fastify validates requests and serialises answers with
// them, and the OpenAPI document (openapi.ts) is built from the same objects.
import { FILE_STATES, OUTBOX_STATES } from '../store/ops-queries';
import { ERROR_SCHEMA } from './errors';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = Record<string, any>;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullable = (s: Schema): Schema => ({ ...s, type: [s.type, 'null'] });

/** An object schema whose listed properties are all required. */
export function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

export const fileStateSchema = { type: 'string', enum: [...FILE_STATES] };
export const outboxStateSchema = { type: 'string', enum: [...OUTBOX_STATES] };

export const fileSchema = object({
  id: str,
  partnerId: str,
  transport: str,
  name: str,
  remoteKey: nullable(str),
  sha256: str,
  size: int,
  state: fileStateSchema,
  receivedAt: dateTime,
  claimedAt: nullable(dateTime),
  translatedAt: nullable(dateTime),
  duplicateOf: nullable(str),
  duplicateReason: nullable(str),
  errorSummary: nullable(str),
  updatedAt: dateTime,
});

export const eventSummarySchema = object({
  id: str,
  type: str,
  partnerId: str,
  fileId: nullable(str),
  subject: str,
  connector: str,
  state: outboxStateSchema,
  attempts: int,
  nextAttemptAt: dateTime,
  lastError: nullable(str),
  createdAt: dateTime,
  updatedAt: dateTime,
  postedAt: nullable(dateTime),
});

export const attemptSchema = object({
  id: int,
  eventId: str,
  attempt: int,
  connector: str,
  worker: str,
  startedAt: dateTime,
  durationMs: int,
  outcome: str,
  statusCode: nullable(int),
  error: nullable(str),
  response: nullable(str),
});

export const auditSchema = object({
  id: int,
  at: dateTime,
  actor: str,
  action: str,
  subject: str,
  details: { type: 'object', additionalProperties: true },
});

const translationErrorSchema = object(
  {
    id: int,
    fileId: str,
    code: str,
    message: str,
    ack: str,
    line: int,
    offset: int,
    segment: int,
    tag: str,
    element: int,
    component: int,
    column: str,
    path: str,
    row: int,
    value: str,
    interchange: str,
    group: str,
    set: str,
  },
  [
    'ack',
    'line',
    'offset',
    'segment',
    'tag',
    'element',
    'component',
    'column',
    'path',
    'row',
    'value',
    'interchange',
    'group',
    'set',
  ],
);

const transactionSchema = object(
  {
    id: int,
    fileId: str,
    partnerId: str,
    setId: str,
    interchange: str,
    group: str,
    control: str,
    status: str,
    eventId: str,
  },
  ['interchange', 'group', 'control', 'eventId'],
);

const interchangeSchema = object({
  partnerId: str,
  fileId: str,
  control: str,
  senderQualifier: str,
  senderId: str,
  receivedAt: dateTime,
});

const outboundSchema = object({
  id: str,
  partnerId: str,
  fileId: nullable(str),
  kind: str,
  state: str,
  attempts: int,
  nextAttemptAt: dateTime,
  lastError: nullable(str),
  deliveredAt: nullable(dateTime),
  remoteName: nullable(str),
  createdAt: dateTime,
});

export const fileDetailSchema = object({
  file: fileSchema,
  interchanges: { type: 'array', items: interchangeSchema },
  transactions: { type: 'array', items: transactionSchema },
  errors: { type: 'array', items: translationErrorSchema },
  events: { type: 'array', items: eventSummarySchema },
  deliveryAttempts: { type: 'array', items: attemptSchema },
  outbound: { type: 'array', items: outboundSchema },
  duplicates: { type: 'array', items: fileSchema },
  audit: { type: 'array', items: auditSchema },
});

export const eventDetailSchema = object({
  ...eventSummarySchema.properties,
  payload: { type: 'object', additionalProperties: true },
  orderKey: nullable(str),
  lastResponse: nullable(str),
  deliveryAttempts: { type: 'array', items: attemptSchema },
  audit: { type: 'array', items: auditSchema },
});

/** A page of `items`. */
export function pageSchema(items: Schema): Schema {
  return object({ items: { type: 'array', items }, nextCursor: nullable(str) });
}

const outboundHealthSchema = object({
  pending: int,
  failed: int,
  lastDeliveredAt: nullable(dateTime),
  lastError: nullable(str),
});

export const partnerSchema = object(
  {
    id: str,
    name: nullable(str),
    role: nullable(str),
    /** False for a partner that has files but no profile any more. */
    configured: { type: 'boolean' },
    transports: { type: 'array', items: str },
    connector: nullable(str),
    expectAckWithinMinutes: int,
    lastFile: nullable(object({ id: str, name: str, state: fileStateSchema, receivedAt: dateTime })),
    files24h: int,
    rejected24h: int,
    errors24h: int,
    overdueAcks: int,
    oldestOverdueAckAt: nullable(dateTime),
    outbound: outboundHealthSchema,
  },
  [],
);

const countsOf = (keys: readonly string[]) => object(Object.fromEntries(keys.map((k) => [k, int])));

export const statsSchema = object({
  since: dateTime,
  filesToday: countsOf(FILE_STATES),
  filesTodayTotal: int,
  exceptionRate: { type: 'number' },
  outbox: countsOf(OUTBOX_STATES),
  queueDepth: int,
  deadLetters: int,
  oldestQueuedAgeSeconds: { type: 'number' },
  overdueAcks: int,
});

export const connectorStateSchema = object({
  name: str,
  paused: { type: 'boolean' },
  changedAt: dateTime,
  changedBy: str,
});

export const leaseSchema = object({
  name: str,
  owner: str,
  expiresAt: dateTime,
  held: { type: 'boolean' },
});

/** Responses every API route may give besides its 2xx. */
export function withErrors(ok: Record<number, Schema>, ...statuses: number[]): Record<number, Schema> {
  const out: Record<number, Schema> = { ...ok };
  for (const s of [400, 401, 403, 429, 500, ...statuses]) out[s] = ERROR_SCHEMA;
  return out;
}

/** `{ id }` path parameters. */
export const idParams = object({ id: { type: 'string', minLength: 1, maxLength: 200 } });

/** The limit and cursor of every list. */
export const pageQuery = {
  cursor: { type: 'string', maxLength: 500, description: 'nextCursor of the previous page' },
  limit: { type: 'integer', minimum: 1, maximum: 500, description: 'page size (default 50)' },
};
