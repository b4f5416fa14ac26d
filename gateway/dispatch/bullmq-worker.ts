// Scaled mode, worker side: BullMQ jobs name outbox rows; the row (read in batches) is the
// record of truth, so a job for a row that is no longer being delivered (posted meanwhile,
// replayed, re-leased) is skipped, and a killed worker's job is retried by BullMQ's stalled
// check or re-published by the relay when the lease ends, whichever comes first.
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { OutboxRecord, Store } from '../store';
import type { Deliverer } from './deliverer';
import { redisConnection, type EventJob } from './bullmq-relay';
import { groupCommit } from './group-commit';

export interface EventWorkerOptions {
  redisUrl: string;
  queueName: string;
  concurrency: number;
  leaseMs: number;
  logger: Logger;
}

export function startEventWorker(store: Store, deliverer: Deliverer, options: EventWorkerOptions) {
  const rows = groupCommit<string, OutboxRecord | undefined>(async (ids) => {
    const found = new Map((await store.getOutboxEvents(ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id));
  });
  const worker = new Worker<EventJob, string>(
    options.queueName,
    async (job) => {
      const row = await rows.push(job.data.id);
      if (!row || row.state !== 'delivering') return 'skipped';
      return (await deliverer.deliver(row)) ? 'settled' : 'stale';
    },
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
