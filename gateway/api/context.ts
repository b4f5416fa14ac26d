// What every route module of the ops API gets: the gateway's parts, the auth, and the audit
// helper that records a mutating call with the caller's actor name.
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ConnectorSummary } from '../dispatch/connectors-config';
import type { GatewayMetrics } from '../runtime/metrics';
import type { OpsActions } from '../runtime/ops-actions';
import type { ProfileRegistry } from '../runtime/profile-registry';
import type { Settings } from '../runtime/settings';
import type { Store } from '../store';
import type { ApiAuth, Role } from './auth';

/** What `registerOps` needs from the gateway. */
export interface OpsDeps {
  store: Store;
  actions: OpsActions;
  profiles: ProfileRegistry;
  metrics: GatewayMetrics;
  tokens: Settings['tokens'];
  logger: Logger;
  /** The configured ERP connectors (DOCKSIDE_CONNECTORS). */
  connectors: readonly ConnectorSummary[];
}

/** The route modules' view of the API. */
export interface ApiContext extends OpsDeps {
  auth: ApiAuth;
  /**
   * Run the route's mutating action and audit it (the route's `config.audit` names it), whether
   * it succeeds or fails; a caller whose role is too low is audited as refused before that.
   */
  audited<T>(
    request: FastifyRequest,
    details: Record<string, unknown>,
    run: (actor: string) => Promise<T>,
  ): Promise<T>;
}

/** A mutating route's audit entry: its action, and its subject from the path parameters. */
export interface RouteAudit {
  action: string;
  subject: (params: Record<string, string>) => string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route; absent: public (docs, OpenAPI). */
    role?: Role;
    /** One line for the OpenAPI document and the reference page. */
    summary?: string;
    /** OpenAPI tag (section of the reference page). */
    tag?: string;
    /** Media type of a non-JSON 200 answer. */
    produces?: string;
    /** Mutating routes: how their calls are audited (refused ones included). */
    audit?: RouteAudit;
  }
}
