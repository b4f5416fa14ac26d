// `dockside worker`: a BullMQ worker delivering outbox events to the ERP, beside gateways that
// share its PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). Runs until SIGTERM/SIGINT, then
// finishes the deliveries in flight.
import pino from 'pino';
import { DocksideError } from '../../../canonical/errors';
import { startWorker } from '../../dispatch';
import { openStore } from '../../store';
import { DeliveryMetrics } from '../../runtime/metrics';
import { serveMetrics } from '../../runtime/metrics-server';
import { readSettings } from '../../runtime/settings';
import { CliIo, EXIT_OK, EXIT_USAGE } from '../io';

export async function workerCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    io.err(
      'Usage: dockside worker   (settings from DATABASE_URL, REDIS_URL, DOCKSIDE_CONNECTORS, DOCKSIDE_HOME;\n' +
        '                          /metrics on DOCKSIDE_HOST:DOCKSIDE_METRICS_PORT when that is set)\n',
    );
    return EXIT_USAGE;
  }
  // What is open so far, closed last-opened first on stop or when starting fails half-way.
  const opened: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of opened.splice(0).reverse()) {
      // One part failing to close must not leave the others (the database pool) open.
      await close().catch((e: unknown) =>
        io.err(`dockside worker: while stopping: ${(e as Error).message}\n`),
      );
    }
  };
  try {
    const settings = readSettings();
    if (!settings.databaseUrl || !settings.redisUrl) {
      throw new DocksideError(
        'DS_CONFIG_INVALID_VALUE',
        "a worker shares the gateways' PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (embedded PGlite belongs to one gateway process)",
        { variable: settings.databaseUrl ? 'REDIS_URL' : 'DATABASE_URL' },
      );
    }
    const logger = pino({ level: settings.logLevel });
    const store = await openStore({
      home: settings.home,
      databaseUrl: settings.databaseUrl,
      ...(settings.databaseSchema && { schema: settings.databaseSchema }),
      logger: logger.child({ component: 'store' }),
    });
    opened.push(() => store.close());
    const metrics = new DeliveryMetrics();
    const worker = await startWorker({
      settings,
      store,
      logger: logger.child({ component: 'worker' }),
      metrics,
    });
    opened.push(() => worker.close());
    if (settings.metricsPort !== undefined) {
      const server = await serveMetrics(metrics.registry, settings.host, settings.metricsPort);
      opened.push(() => server.close());
      io.out(`dockside worker: metrics at ${server.url}\n`);
    }
    io.out(`dockside worker: delivering from queue ${settings.queueName} (pid ${process.pid})\n`);
  } catch (e) {
    await stop();
    const code = e instanceof DocksideError ? `${e.code}: ` : '';
    io.err(`dockside worker: ${code}${(e as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const done = () => void stop().then(resolve, resolve);
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
  io.out('dockside worker: stopped\n');
  return EXIT_OK;
}
