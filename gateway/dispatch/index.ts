// Dispatch, assembled: the connectors from DOCKSIDE_CONNECTORS, then either the embedded
// dispatcher (no REDIS_URL) or the BullMQ relay plus, unless delivery is left to `dockside
// worker` processes, an in-process BullMQ worker.
import * as path from 'node:path';
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import { resolveSecret } from '../config/secrets';
import type { PartnerProfile } from '../config/profile-schema';
import type { Store } from '../store';
import type { DeliveryMetrics } from '../runtime/metrics';
import type { Settings } from '../runtime/settings';
import { BullmqRelay } from './bullmq-relay';
import { startEventWorker } from './bullmq-worker';
import type { Connector } from './connector';
import { loadConnectorsConfig, type ConnectorsConfig } from './connectors-config';
import { Deliverer, workerName } from './deliverer';
import { fileConnector } from './file-connector';
import { OutboxDispatcher } from './outbox-dispatcher';
import { webhookConnector } from './webhook-connector';

const POLL_MS = 250;

export interface Dispatch {
  readonly mode: 'embedded' | 'bullmq';
  readonly config: ConnectorsConfig;
  /** Events were queued: look now instead of at the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

interface DispatchDeps {
  settings: Settings;
  store: Store;
  logger: Logger;
  metrics?: DeliveryMetrics;
}

/**
 * The lease of a claimed row: at least four times the longest connector timeout, so that a
 * delivery and the rows buffered behind it are answered before their lease runs out (a row
 * whose lease ran out is claimed again, by this process or another, and sent twice).
 */
export function dispatchLeaseMs(settings: Settings, config: ConnectorsConfig, logger: Logger): number {
  const timeouts = [...config.connectors.values()].map((c) => (c.type === 'webhook' ? c.timeoutMs : 0));
  const floor = 4 * Math.max(0, ...timeouts);
  if (floor <= settings.dispatchLeaseMs) return settings.dispatchLeaseMs;
  logger.warn(
    { configured: settings.dispatchLeaseMs, used: floor },
    'dispatch lease raised to four times the longest connector timeout',
  );
  return floor;
}

/** Start delivering outbox events in this process (gateway side). */
export async function startDispatch(deps: DispatchDeps, config: ConnectorsConfig): Promise<Dispatch> {
  const { settings, store, logger } = deps;
  const pollMs = POLL_MS;
  const leaseMs = dispatchLeaseMs(settings, config, logger);
  if (!settings.redisUrl) {
    const { deliverer, close } = await makeDeliverer(deps, config, 'dispatcher');
    const dispatcher = new OutboxDispatcher(store, deliverer, {
      concurrency: settings.dispatchConcurrency,
      leaseMs,
      pollMs,
      logger,
    });
    dispatcher.start();
    logger.info({ connectors: [...config.connectors.keys()] }, 'dispatch started (embedded)');
    return {
      mode: 'embedded',
      config,
      kick: () => dispatcher.kick(),
      async stop() {
        await dispatcher.stop();
        await close();
      },
    };
  }
  const relay = new BullmqRelay(store, {
    redisUrl: settings.redisUrl,
    queueName: settings.queueName,
    leaseMs,
    pollMs,
    logger,
  });
  relay.start();
  const worker = settings.dispatchInProcess ? await startWorker(deps, config) : undefined;
  logger.info({ inProcessWorker: Boolean(worker), queue: settings.queueName }, 'dispatch started (BullMQ)');
  return {
    mode: 'bullmq',
    config,
    kick: () => relay.kick(),
    async stop() {
      await relay.stop();
      await worker?.close();
    },
  };
}

/** A BullMQ worker delivering events (in the gateway, or alone in `dockside worker`). */
export async function startWorker(
  deps: DispatchDeps,
  config?: ConnectorsConfig,
): Promise<{ close(): Promise<void> }> {
  const { settings, store, logger } = deps;
  if (!settings.redisUrl) {
    throw new DocksideError('DS_CONFIG_INVALID_VALUE', 'a worker needs REDIS_URL (the BullMQ queue)', {
      variable: 'REDIS_URL',
    });
  }
  const connectors = config ?? (await loadConnectorsConfig(settings.connectorsFile));
  const { deliverer, close } = await makeDeliverer(deps, connectors, 'worker');
  const worker = startEventWorker(store, deliverer, {
    redisUrl: settings.redisUrl,
    queueName: settings.queueName,
    concurrency: settings.dispatchConcurrency,
    leaseMs: dispatchLeaseMs(settings, connectors, logger),
    logger,
  });
  return {
    async close() {
      await worker.close();
      await close();
    },
  };
}

/** Refuse to start when a profile routes events to a connector that the connectors file lacks. */
export function checkRoutes(profiles: readonly PartnerProfile[], config: ConnectorsConfig): void {
  for (const p of profiles) {
    for (const name of [p.erp.connector, ...Object.values(p.erp.byType ?? {})]) {
      if (name && !config.connectors.has(name)) {
        throw new DocksideError(
          'DS_CONFIG_UNKNOWN_CONNECTOR',
          `partner ${p.id} routes events to connector "${name}", which the connectors file does not define (${[...config.connectors.keys()].join(', ')})`,
          { partnerId: p.id, connector: name },
        );
      }
    }
  }
}

async function makeDeliverer(deps: DispatchDeps, config: ConnectorsConfig, role: string) {
  const connectors = await buildConnectors(config, deps.settings);
  const deliverer = new Deliverer({
    store: deps.store,
    connectors,
    config,
    worker: workerName(role),
    logger: deps.logger,
    ...(deps.metrics && { metrics: deps.metrics }),
  });
  return {
    deliverer,
    close: async () => {
      await deliverer.idle();
      await Promise.all([...connectors.values()].map((c) => c.close()));
    },
  };
}

async function buildConnectors(
  config: ConnectorsConfig,
  settings: Settings,
): Promise<Map<string, Connector>> {
  const secrets = { env: process.env, baseDir: settings.home };
  const out = new Map<string, Connector>();
  for (const [name, c] of config.connectors) {
    if (c.type === 'file') {
      out.set(name, fileConnector(name, path.resolve(settings.home, c.path)));
      continue;
    }
    out.set(
      name,
      webhookConnector({
        name,
        config: c,
        maxSockets: settings.dispatchConcurrency,
        ...(c.secret && { secret: await resolveSecret(c.secret, secrets) }),
        ...(c.tls?.ca && { ca: await resolveSecret(c.tls.ca, secrets) }),
      }),
    );
  }
  return out;
}
