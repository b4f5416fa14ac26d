// Events (the outbox): list, detail with delivery attempts, replay; dead letters and bulk replay.
import { eventDetail } from '../details';
import type { FastifyInstance } from 'fastify';
import type { OutboxState } from '../../store';
import type { ReplayFilter } from '../../runtime/ops-actions';
import type { ApiContext } from '../context';
import { apiError } from '../errors';
import {
  eventDetailSchema,
  eventSummarySchema,
  idParams,
  object,
  outboxStateSchema,
  pageQuery,
  pageSchema,
  withErrors,
} from '../schemas';

interface EventListQuery {
  type?: string;
  state?: OutboxState;
  partner?: string;
  connector?: string;
  fileId?: string;
  subject?: string;
  cursor?: string;
  limit?: number;
}

const short = { type: 'string', minLength: 1, maxLength: 200 };

const filterProperties = {
  type: { ...short, description: 'event type, e.g. order.created' },
  partner: { ...short, description: 'partner id' },
  connector: { ...short, description: 'ERP connector name' },
  fileId: { ...short, description: 'the file the events came from' },
};

/** GET /events, GET /events/:id, POST /events/:id/replay, GET /dead-letters, POST /dead-letters/replay. */
export function eventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: EventListQuery }>(
    '/events',
    {
      config: {
        role: 'viewer',
        tag: 'events',
        summary: 'Canonical events, newest first, filtered; cursor-paged',
      },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterProperties,
            state: outboxStateSchema,
            subject: { ...short, description: 'business key (PO, shipment, invoice number)' },
            ...pageQuery,
          },
        },
        response: withErrors({ 200: pageSchema(eventSummarySchema) }),
      },
    },
    async (request) => ctx.store.queries.listEvents(eventFilter(request.query)),
  );

  app.get<{ Params: { id: string } }>(
    '/events/:id',
    {
      config: {
        role: 'viewer',
        tag: 'events',
        summary: 'An event with its payload, delivery attempts and audit trail',
      },
      schema: { params: idParams, response: withErrors({ 200: eventDetailSchema }, 404) },
    },
    async (request) => {
      const detail = await eventDetail(ctx.store, request.params.id);
      if (!detail) throw apiError('DS_API_NOT_FOUND', `no event ${request.params.id}`);
      return detail;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/events/:id/replay',
    {
      config: {
        role: 'operator',
        audit: { action: 'event.replay', subject: (p) => `event:${p.id}` },
        tag: 'events',
        summary: 'Queue one event again, keeping its id',
      },
      schema: {
        params: idParams,
        response: withErrors(
          { 200: object({ eventId: { type: 'string' }, state: { type: 'string' } }) },
          404,
          409,
          422,
          503,
        ),
      },
    },
    async (request) => {
      const id = request.params.id;
      return ctx.audited(request, {}, (actor) => ctx.actions.replayEvent(id, actor));
    },
  );

  app.get<{ Querystring: Omit<EventListQuery, 'state' | 'subject'> }>(
    '/dead-letters',
    {
      config: {
        role: 'viewer',
        tag: 'events',
        summary: 'Events given up on (state dead), newest first; cursor-paged',
      },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...filterProperties, ...pageQuery },
        },
        response: withErrors({ 200: pageSchema(eventSummarySchema) }),
      },
    },
    async (request) => ctx.store.queries.listDeadLetters(eventFilter(request.query)),
  );

  app.post<{ Body: ReplayFilter & { all?: boolean } }>(
    '/dead-letters/replay',
    {
      config: {
        role: 'operator',
        audit: { action: 'dead-letters.replay', subject: () => 'dead-letters' },
        tag: 'events',
        summary: 'Queue again the dead letters matching a filter (or all of them with "all": true)',
      },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            partnerId: short,
            connector: short,
            type: short,
            fileId: short,
            all: { type: 'boolean', description: 'required when no filter field is given' },
          },
        },
        response: withErrors({ 200: object({ replayed: { type: 'integer' } }) }, 409, 422, 503),
      },
    },
    async (request) => {
      const { all, ...rest } = request.body ?? {};
      const filter: ReplayFilter = {
        ...(rest.partnerId !== undefined && { partnerId: rest.partnerId }),
        ...(rest.connector !== undefined && { connector: rest.connector }),
        ...(rest.type !== undefined && { type: rest.type }),
        ...(rest.fileId !== undefined && { fileId: rest.fileId }),
      };
      if (Object.keys(filter).length === 0 && all !== true) {
        throw apiError('DS_API_BAD_REQUEST', 'give partnerId, connector, type or fileId, or "all": true');
      }
      return ctx.audited(request, { filter }, (actor) => ctx.actions.replayEvents(filter, actor));
    },
  );
}

function eventFilter(q: EventListQuery) {
  return {
    ...(q.type !== undefined && { type: q.type }),
    ...(q.state !== undefined && { state: q.state }),
    ...(q.partner !== undefined && { partnerId: q.partner }),
    ...(q.connector !== undefined && { connector: q.connector }),
    ...(q.fileId !== undefined && { fileId: q.fileId }),
    ...(q.subject !== undefined && { subject: q.subject }),
    ...(q.cursor !== undefined && { cursor: q.cursor }),
    ...(q.limit !== undefined && { limit: q.limit }),
  };
}
