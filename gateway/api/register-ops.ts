// The ops API: every route under /api/v1 (files, events, dead letters, partners, connectors,
// stats, audit), the OpenAPI document and reference page, and /metrics. Call registerOps on the
// gateway's fastify app before it listens.
import { refuseNul } from './refuse-nul';
import { auditedAction, writeAudit } from './audited-action';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiAuth, requireRole, type AuthOptions, type Principal } from './auth';
import type { ApiContext, OpsDeps, RouteAudit } from './context';
import { errorHandler, sendError } from './errors';
import { openApiDocument, referencePage, RouteCollector } from './openapi';
import { eventRoutes } from './routes/events';
import { fileRoutes } from './routes/files';
import { partnerRoutes } from './routes/partners';
import { systemRoutes } from './routes/system';

export type { OpsDeps } from './context';

/** Where the API lives. */
export const API_PREFIX = '/api/v1';
/** Version of the API contract (the OpenAPI info.version). */
export const API_VERSION = '1.0.0';

/** What registerOps hands back: the auth (for the web UI's login) and the route list. */
export interface OpsApi {
  auth: ApiAuth;
  /** The OpenAPI document of every route registered so far (complete once the app is ready). */
  openApi(): Record<string, unknown>;
}

/**
 * Register the ops API, the OpenAPI document, the reference page and /metrics on `app`.
 * Without any token configured every API call answers 401 (and a warning is logged once).
 * `authOptions` is for tests (failure limit and window).
 */
export function registerOps(app: FastifyInstance, deps: OpsDeps, authOptions: AuthOptions = {}): OpsApi {
  const log = deps.logger.child({ component: 'api' });
  const auth = new ApiAuth(deps.tokens, authOptions);
  if (!auth.configured) {
    log.warn(
      'no API token configured (DOCKSIDE_ADMIN_TOKEN, DOCKSIDE_OPERATOR_TOKEN, DOCKSIDE_VIEWER_TOKEN): the ops API refuses every call with 401',
    );
  }
  const collector = new RouteCollector([API_PREFIX, '/metrics']);
  app.addHook('onRoute', collector.onRoute);
  const openApi = () => openApiDocument(collector.routes, API_VERSION);

  const ctx: ApiContext = {
    ...deps,
    logger: log,
    auth,
    audited: (request, details, run) => {
      const actor = request.principal?.actor ?? 'anonymous';
      const { action, subject } = routeAudit(request);
      return auditedAction(deps.store, log, { actor, action, subject, details, run: () => run(actor) });
    },
  };
  // A call refused for its role is an attempt at the action: audited like a refused action.
  const forbidden = async (request: FastifyRequest, principal: Principal) => {
    if (!request.routeOptions.config?.audit) return;
    const details = { outcome: 'refused', code: 'DS_API_FORBIDDEN' };
    await writeAudit(deps.store, log, { actor: principal.actor, ...routeAudit(request), details });
  };

  void app.register(
    async (api) => {
      api.setErrorHandler(errorHandler(log));
      refuseNul(api);
      api.setNotFoundHandler((request, reply) =>
        sendError(reply, 404, 'DS_API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
      );
      const guards = {
        viewer: requireRole(auth, 'viewer', log, forbidden),
        operator: requireRole(auth, 'operator', log, forbidden),
        admin: requireRole(auth, 'admin', log, forbidden),
      };
      api.addHook('onRequest', async (request, reply) => {
        const role = request.routeOptions.config?.role;
        if (role) return guards[role](request, reply);
      });
      fileRoutes(api, ctx);
      eventRoutes(api, ctx);
      partnerRoutes(api, ctx);
      systemRoutes(api, ctx);
      api.get(
        '/openapi.json',
        { config: { tag: 'reference', summary: 'This OpenAPI 3.1 document' } },
        async () => openApi(),
      );
      api.get(
        '/docs',
        { config: { tag: 'reference', summary: 'The API reference page (HTML)', produces: 'text/html' } },
        async (_request, reply) =>
          reply
            .type('text/html; charset=utf-8')
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
            .send(referencePage(openApi())),
      );
    },
    { prefix: API_PREFIX },
  );

  void app.register(async (scope) => {
    scope.setErrorHandler(errorHandler(log));
    scope.get(
      '/metrics',
      {
        config: {
          tag: 'metrics',
          summary: 'Prometheus metrics (text exposition format); no token needed',
          produces: 'text/plain',
        },
      },
      async (_request, reply) => {
        try {
          const gauges = await deps.store.queries.queueGauges();
          deps.metrics.queueDepth.reset();
          for (const [state, n] of Object.entries(gauges.depth)) deps.metrics.queueDepth.set({ state }, n);
          deps.metrics.oldestQueuedAge.set(gauges.oldestAgeSeconds);
        } catch (err) {
          // Serve the counters anyway: a scrape must not fail because the database is slow.
          log.warn({ err }, 'metrics: queue gauges not updated');
        }
        return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
      },
    );
  });

  return { auth, openApi };
}

/** The audit action and subject of a mutating route's request (its `config.audit`). */
function routeAudit(request: FastifyRequest): { action: string; subject: string } {
  const audit = request.routeOptions.config?.audit as RouteAudit;
  return { action: audit.action, subject: audit.subject(request.params as Record<string, string>) };
}
