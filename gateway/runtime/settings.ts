// The gateway's settings, read once from the environment and validated at the edge.
import * as path from 'node:path';
import { z } from 'zod';
import { DocksideError } from '../../canonical/errors';

/**
 * A whole number written in decimal digits, nothing else: Number('') and Number(' ') are 0 (a random
 * port, metrics turned on) and Number('0x1F90') or Number('8e3') a number nobody wrote. Blanks
 * around it are dropped (a value from a file ends in a newline); a blank value is unset: the default.
 */
const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z
      .string()
      .regex(/^[0-9]+$/, 'expected a whole number in decimal digits')
      .transform(Number)
      .pipe(z.number().min(min).max(max))
      .optional(),
  );

const port = integer(0, 65535);
/**
 * A day: a longer lease only delays taking over a crashed process's events, and near 2^53 ms the
 * lease's end is not a valid date at all.
 */
const MAX_LEASE_MS = 24 * 60 * 60 * 1000;

const schema = z.object({
  DOCKSIDE_HOME: z.string().min(1).default('./data'),
  DOCKSIDE_PARTNERS: z.string().min(1).default('./partners'),
  DOCKSIDE_SFTP_PORT: port.default(2222),
  DOCKSIDE_HTTP_PORT: port.default(8080),
  /** `dockside worker` serves /metrics and /healthz on this port (0: any free port); unset: not at all. */
  DOCKSIDE_METRICS_PORT: port.optional(),
  /** Where the servers listen; loopback unless said otherwise. */
  DOCKSIDE_HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  /** PostgreSQL schema for the tables (default: the search_path's first); lets tests share a database. */
  DOCKSIDE_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  /** Scaled mode: outbox rows are relayed to BullMQ on this Redis. */
  REDIS_URL: z.string().url().optional(),
  /** YAML file naming the ERP connectors (default: one `file` connector, <home>/erp/events.jsonl). */
  DOCKSIDE_CONNECTORS: z.string().min(1).optional(),
  /** Deliveries in flight per process. */
  DOCKSIDE_DISPATCH_CONCURRENCY: integer(1, 1000).default(16),
  /** 'false': a scaled-mode gateway that leaves delivery to `dockside worker` processes. */
  DOCKSIDE_DISPATCH_IN_PROCESS: z.enum(['true', 'false']).default('true'),
  /** How long a claimed event is leased to its deliverer before another process may take it over. */
  DOCKSIDE_DISPATCH_LEASE_MS: integer(1000, MAX_LEASE_MS).default(60_000),
  /** BullMQ queue name (one per deployment sharing a Redis). */
  DOCKSIDE_QUEUE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('dockside-events'),
  /** API bearer tokens, by role (stored hashed in memory; never logged). */
  DOCKSIDE_ADMIN_TOKEN: z.string().min(16).optional(),
  DOCKSIDE_OPERATOR_TOKEN: z.string().min(16).optional(),
  DOCKSIDE_VIEWER_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every environment variable the gateway reads (the deployment test checks compose files against it). */
export const SETTINGS_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Validated settings, paths absolute. */
export interface Settings {
  readonly home: string;
  readonly partnersDir: string;
  readonly sftpPort: number;
  readonly httpPort: number;
  readonly host: string;
  /** `dockside worker`'s /metrics port, when it serves one. */
  readonly metricsPort?: number;
  readonly databaseUrl?: string;
  readonly databaseSchema?: string;
  readonly logLevel: string;
  readonly redisUrl?: string;
  readonly connectorsFile?: string;
  readonly dispatchConcurrency: number;
  readonly dispatchInProcess: boolean;
  readonly dispatchLeaseMs: number;
  readonly queueName: string;
  /** Bearer tokens by role, as given (the API hashes them on start). */
  readonly tokens: { readonly admin?: string; readonly operator?: string; readonly viewer?: string };
}

/** Read the settings from `env`; a bad value is a DS_CONFIG_INVALID_VALUE naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new DocksideError('DS_CONFIG_INVALID_VALUE', `${i.path.join('.')}: ${i.message}`, {
      variable: i.path[0],
    });
  }
  const e = parsed.data;
  return {
    home: path.resolve(e.DOCKSIDE_HOME),
    partnersDir: path.resolve(e.DOCKSIDE_PARTNERS),
    sftpPort: e.DOCKSIDE_SFTP_PORT,
    httpPort: e.DOCKSIDE_HTTP_PORT,
    host: e.DOCKSIDE_HOST,
    ...(e.DOCKSIDE_METRICS_PORT !== undefined && { metricsPort: e.DOCKSIDE_METRICS_PORT }),
    ...(e.DATABASE_URL && { databaseUrl: e.DATABASE_URL }),
    ...(e.DOCKSIDE_DB_SCHEMA && { databaseSchema: e.DOCKSIDE_DB_SCHEMA }),
    logLevel: e.LOG_LEVEL,
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    ...(e.DOCKSIDE_CONNECTORS && { connectorsFile: path.resolve(e.DOCKSIDE_CONNECTORS) }),
    dispatchConcurrency: e.DOCKSIDE_DISPATCH_CONCURRENCY,
    dispatchInProcess: e.DOCKSIDE_DISPATCH_IN_PROCESS === 'true',
    dispatchLeaseMs: e.DOCKSIDE_DISPATCH_LEASE_MS,
    queueName: e.DOCKSIDE_QUEUE_NAME,
    tokens: {
      ...(e.DOCKSIDE_ADMIN_TOKEN && { admin: e.DOCKSIDE_ADMIN_TOKEN }),
      ...(e.DOCKSIDE_OPERATOR_TOKEN && { operator: e.DOCKSIDE_OPERATOR_TOKEN }),
      ...(e.DOCKSIDE_VIEWER_TOKEN && { viewer: e.DOCKSIDE_VIEWER_TOKEN }),
    },
  };
}
