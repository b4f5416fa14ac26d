// The running gateway: modules started in dependency order (store → profiles → pipeline →
// delivery → intakes → HTTP) and stopped in reverse, draining in-flight work first.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { DocksideError } from '../../canonical/errors';
import fastify, { FastifyInstance } from 'fastify';
import pino, { Logger } from 'pino';
import { openStore, Store } from '../store';
import type { Settings } from './settings';
import { ProfileRegistry } from './profile-registry';
import { Pipeline } from './pipeline';
import { OutboundDelivery } from './outbound-delivery';
import { Intakes } from './intakes';
import { registerOps, type OpsDeps } from '../api';
import { registerWeb } from '../web';
import { GatewayMetrics } from './metrics';
import { createOpsActions } from './ops-actions';
import { checkRoutes, startDispatch, type Dispatch } from '../dispatch';
import {
  connectorSummaries,
  loadConnectorsConfig,
  type ConnectorsConfig,
} from '../dispatch/connectors-config';

export interface Gateway {
  readonly store: Store;
  readonly pipeline: Pipeline;
  readonly delivery: OutboundDelivery;
  readonly dispatch: Dispatch;
  readonly metrics: GatewayMetrics;
  readonly sftpPort: number;
  readonly httpPort: number;
  readonly logger: Logger;
  /** Stop accepting, drain in-flight work, close everything. */
  stop(): Promise<void>;
}

/** How often a gateway on PostgreSQL looks for files other gateways left behind. */
const RECOVER_EVERY_MS = 60_000;

export async function startGateway(
  settings: Settings,
  logger: Logger = pino({ level: settings.logLevel }),
): Promise<Gateway> {
  if (!existsSync(settings.partnersDir)) {
    throw new DocksideError(
      'DS_CONFIG_READ_FAILED',
      `no partner profile folder at ${settings.partnersDir} (set DOCKSIDE_PARTNERS, or run from the project folder)`,
    );
  }
  // Configuration first: a bad file stops the start before anything is opened or listening.
  const connectorsConfig = await loadConnectorsConfig(settings.connectorsFile);
  const profiles = new ProfileRegistry(settings.partnersDir, logger.child({ component: 'profiles' }), (all) =>
    checkRoutes(all, connectorsConfig),
  );
  await profiles.load();
  checkRoutes(profiles.all(), connectorsConfig);
  // Watched from now: an edit made while the store opens is not missed.
  profiles.watch();
  // What is started, to be closed again last first by stop(), or at once should a later step fail:
  // a half-started gateway must exit, not hold its ports and look alive.
  const started: (() => unknown)[] = [() => profiles.close()];
  try {
    await mkdir(settings.home, { recursive: true });
    return await startParts(settings, logger, profiles, connectorsConfig, started);
  } catch (e) {
    await closeAll(started, true);
    throw e;
  }
}

/** Run `closers` last first; `tolerant`: go on past a failing one (a start that failed half-way). */
async function closeAll(closers: readonly (() => unknown)[], tolerant = false): Promise<void> {
  for (const close of [...closers].reverse()) {
    const closing = Promise.resolve().then(close);
    await (tolerant ? closing.catch(() => undefined) : closing);
  }
}

async function startParts(
  settings: Settings,
  logger: Logger,
  profiles: ProfileRegistry,
  connectorsConfig: ConnectorsConfig,
  started: (() => unknown)[],
): Promise<Gateway> {
  const store = await openStore({
    home: settings.home,
    ...(settings.databaseUrl && { databaseUrl: settings.databaseUrl }),
    ...(settings.databaseSchema && { schema: settings.databaseSchema }),
    logger: logger.child({ component: 'store' }),
  });
  started.push(() => store.close());
  const metrics = new GatewayMetrics();
  const delivery = new OutboundDelivery(
    store,
    profiles,
    settings.home,
    logger.child({ component: 'outbound' }),
    metrics,
  );
  const dispatch = await startDispatch(
    { settings, store, logger: logger.child({ component: 'dispatch' }), metrics },
    connectorsConfig,
  );
  started.push(() => dispatch.stop());
  const pipeline = new Pipeline(
    store,
    profiles,
    logger.child({ component: 'pipeline' }),
    () => {
      void delivery.kick();
      dispatch.kick();
    },
    metrics,
  );
  // What the pipeline commits while it drains is delivered before delivery stops.
  started.push(async () => {
    await pipeline.drain();
    await delivery.kick();
    await delivery.stop();
  });
  await pipeline.recover();
  // The embedded database has one owner: documents it had claimed and intake leases it held when
  // it last stopped (a crash) need not wait for their leases to end.
  if (store.backend === 'pglite') {
    await store.releaseOutboundLeases();
    await store.releaseAllLeases();
  }
  delivery.start();
  void delivery.kick();
  const intakes = new Intakes({
    home: settings.home,
    host: settings.host,
    sftpPort: settings.sftpPort,
    store,
    pipeline,
    profiles,
    logger,
  });
  // Profiles stop reloading with the intakes: a reload would start their watchers again.
  started.push(async () => {
    await intakes.stop();
    profiles.close();
  });
  await intakes.start();
  // Gateways sharing PostgreSQL: files one of them left received or translating when it died are
  // taken up by the others (recover() leaves claims that may be alive alone).
  let sweeping: Promise<void> | undefined;
  const sweep =
    store.backend === 'postgres'
      ? setInterval(() => {
          sweeping ??= pipeline
            .recover()
            .catch((err: unknown) => logger.warn({ err }, 'translation sweep failed'))
            .finally(() => (sweeping = undefined));
        }, RECOVER_EVERY_MS)
      : undefined;
  started.push(async () => {
    clearInterval(sweep);
    await sweeping; // what it schedules is drained below
  });
  const connectors = connectorSummaries(connectorsConfig);
  const actions = createOpsActions({
    store,
    pipeline,
    kickDispatch: () => dispatch.kick(),
    logger: logger.child({ component: 'ops' }),
    connectors,
  });
  const http = await startHttp(settings, { store, profiles, logger, metrics, actions, connectors });
  started.push(() => http.close());

  let stopping: Promise<void> | undefined;
  return {
    store,
    pipeline,
    delivery,
    dispatch,
    metrics,
    logger,
    sftpPort: intakes.sftpPort ?? settings.sftpPort,
    httpPort: (http.server.address() as { port: number }).port,
    // What start opened, closed last first: the same order a failed start closes in.
    stop: () => (stopping ??= closeAll(started)),
  };
}

async function startHttp(settings: Settings, parts: Omit<OpsDeps, 'tokens'>): Promise<FastifyInstance> {
  // A request must arrive whole within 30 s: a client trickling a body holds no socket for long.
  const app = fastify({ logger: false, requestTimeout: 30_000 });
  const { store, profiles } = parts;
  // Healthy means the database answers: a gateway whose store stopped (PostgreSQL unreachable,
  // the embedded database's thread dead) says so, for the supervisor to restart it.
  app.get('/healthz', async (_req, reply) => {
    const facts = { store: store.backend, partners: profiles.all().length };
    try {
      await store.ping();
      return { status: 'ok', ...facts };
    } catch (err) {
      const error = err instanceof DocksideError ? err.code : 'DS_STORE_UNREACHABLE';
      return reply.code(503).send({ status: 'failing', ...facts, error });
    }
  });
  const deps = { ...parts, tokens: settings.tokens };
  registerWeb(app, { ...deps, auth: registerOps(app, deps).auth });
  await app.listen({ host: settings.host, port: settings.httpPort });
  return app;
}
