// Connectors (pause/resume), intake leases, stats, the audit log and "who am I".
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context';
import { ackWindows } from './partners';
import { auditSchema, connectorStateSchema, leaseSchema, object, statsSchema, withErrors } from '../schemas';

const connectorParams = object({ name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } });

/** GET /connectors, POST /connectors/:name/pause|resume, GET /leases, GET /stats, GET /audit, GET /session. */
export function systemRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/connectors',
    {
      config: {
        role: 'viewer',
        tag: 'connectors',
        summary: 'Connectors ever paused or resumed, with their state',
      },
      schema: {
        response: withErrors({ 200: object({ items: { type: 'array', items: connectorStateSchema } }) }),
      },
    },
    async () => ({ items: await ctx.store.queries.connectorStates() }),
  );

  for (const paused of [true, false]) {
    const verb = paused ? 'pause' : 'resume';
    app.post<{ Params: { name: string } }>(
      `/connectors/:name/${verb}`,
      {
        config: {
          role: 'admin',
          audit: { action: `connector.${verb}`, subject: (p) => `connector:${p.name}` },
          tag: 'connectors',
          summary: paused
            ? 'Stop deliveries through a connector (every gateway and worker)'
            : 'Restart deliveries through a connector',
        },
        schema: {
          params: connectorParams,
          response: withErrors(
            { 200: object({ name: { type: 'string' }, paused: { type: 'boolean' } }) },
            404,
            422,
            503,
          ),
        },
      },
      async (request) => {
        const name = request.params.name;
        await ctx.audited(request, {}, (actor) => ctx.actions.setConnectorPaused(name, paused, actor));
        return { name, paused };
      },
    );
  }

  app.get(
    '/leases',
    {
      config: {
        role: 'viewer',
        tag: 'stats',
        summary: 'Intake leases: which gateway polls a partner server or hands over a drop zone now',
      },
      schema: { response: withErrors({ 200: object({ items: { type: 'array', items: leaseSchema } }) }) },
    },
    async () => ({ items: await ctx.store.queries.leases() }),
  );

  app.get(
    '/stats',
    {
      config: {
        role: 'viewer',
        tag: 'stats',
        summary:
          'Files today by state, exception rate, queue depth, dead letters, oldest queued age, overdue acks',
      },
      schema: { response: withErrors({ 200: statsSchema }) },
    },
    async () => ctx.store.queries.stats(ackWindows(ctx.profiles.all())),
  );

  app.get<{ Querystring: { subject: string; limit?: number } }>(
    '/audit',
    {
      config: {
        role: 'viewer',
        tag: 'audit',
        summary: 'Audit entries of a subject (file:ID, event:ID, connector:NAME, dead-letters), newest first',
      },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['subject'],
          properties: {
            subject: { type: 'string', minLength: 1, maxLength: 300 },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: withErrors({ 200: object({ items: { type: 'array', items: auditSchema } }) }),
      },
    },
    async (request) => ({ items: await ctx.store.listAudit(request.query.subject, request.query.limit) }),
  );

  app.get(
    '/session',
    {
      config: { role: 'viewer', tag: 'auth', summary: "The caller's role and audit actor name" },
      schema: {
        response: withErrors({ 200: object({ role: { type: 'string' }, actor: { type: 'string' } }) }),
      },
    },
    async (request) => request.principal,
  );
}
