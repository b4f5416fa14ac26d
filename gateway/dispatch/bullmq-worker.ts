// Scaled mode, worker side: each BullMQ job carries a claimed row's delivery. Its settlement is
// fenced by the attempt it was claimed with, so a job that outlived its lease cannot override a
// newer claim, and a killed worker's job is retried by BullMQ's stalled check or re-published by
// the relay when the lease ends, whichever comes first; the ERP's idempotency key absorbs a
// repeat of a delivery that had reached it.
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Deliverer } from './deliverer';
import { deliveryOf, redisConnection, type EventJob } from './bullmq-relay';

export interface EventWorkerOptions {
  redisUrl: string;
  queueName: string;
  concurrency: number;
  leaseMs: number;
  logger: Logger;
}

export function startEventWorker(deliverer: Deliverer, options: EventWorkerOptions) {
  const worker = new Worker<EventJob, string>(
    options.queueName,
    async (job) => ((await deliverer.deliver(deliveryOf(job.data))) ? 'settled' : 'stale'),
    {
      connection: redisConnection(options.redisUrl),
      concurrency: options.concurrency,
      // A killed worker's active jobs go back to wait after this; well inside the lease.
      stalledInterval: Math.max(1000, Math.min(30_000, Math.floor(options.leaseMs / 3))),
    },
  );
  worker.on('error', (e) => options.logger.warn({ err: e.message }, 'worker error'));
  worker.on('failed', (job, e) =>
    options.logger.warn({ eventId: job?.data.id, err: e.message }, 'job failed'),
  );
  return {
    worker,
    async close(): Promise<void> {
      await worker.close();
      await deliverer.idle();
    },
  };
}
