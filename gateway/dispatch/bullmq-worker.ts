// Scaled mode, worker side: each BullMQ job carries a claimed row's event. The row (its state and
// attempt, read in batches) is the record of truth: a job for a row that is no longer being
// delivered (posted meanwhile, replayed) is skipped, one whose row was claimed again while it
// waited is delivered under the newer claim, and a killed worker's job is retried by BullMQ's
// stalled check or re-published by the relay when the lease ends, whichever comes first.
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { OutboxState, Store } from '../store';
import type { Deliverer } from './deliverer';
import { deliveryOf, redisConnection, type EventJob } from './bullmq-relay';
import { groupCommit } from './group-commit';

export interface EventWorkerOptions {
  redisUrl: string;
  queueName: string;
  concurrency: number;
  leaseMs: number;
  logger: Logger;
}

export function startEventWorker(store: Store, deliverer: Deliverer, options: EventWorkerOptions) {
  const leases = groupCommit<string, { state: OutboxState; attempts: number } | undefined>(async (ids) => {
    const found = new Map((await store.getOutboxLeases(ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id));
  });
  const inflight = new Set<Promise<string>>();
  const processJob = async (job: { data: EventJob }): Promise<string> => {
    const lease = await leases.push(job.data.id);
    if (!lease || lease.state !== 'delivering') return 'skipped';
    return (await deliverer.deliver(deliveryOf(job.data, lease.attempts))) ? 'settled' : 'stale';
  };
  const worker = new Worker<EventJob, string>(
    options.queueName,
    (job) => {
      const p = processJob(job);
      inflight.add(p);
      const done = () => void inflight.delete(p);
      p.then(done, done);
      return p;
    },
    {
      connection: redisConnection(options.redisUrl, 'worker'),
      concurrency: options.concurrency,
      // A killed worker's active jobs go back to wait once their lock has run out and the
      // stalled check has seen it: both well inside the lease. With BullMQ's 30 s lock, a short
      // lease ran out first and its row waited (re-publishing is a no-op while the job exists).
      lockDuration: Math.max(1000, Math.min(30_000, Math.floor(options.leaseMs / 2))),
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
      // BullMQ's graceful close waits on Redis, forever while it is down. So: take no more jobs,
      // let those in flight finish (each settles in the outbox), then close without waiting on
      // Redis. A job whose completion Redis did not hear of comes back as stalled and is
      // skipped: its row is posted.
      await worker.pause(true);
      await Promise.allSettled(inflight);
      await worker.close(true);
      await deliverer.idle();
    },
  };
}
