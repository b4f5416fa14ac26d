// Scaled mode, relay side: due outbox rows are claimed (leased) and published to BullMQ with
// the event id as job id, so publishing a row twice (a relay crash, a lease that ran out) never
// makes a second job while the first exists. A job carries the event, so a worker reads only the
// row's state and attempt (the record of truth) before posting. Redis holds no state of its own
// worth keeping:
// a job lost with a Redis restart comes back when its row's lease ends and it is claimed again.
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ClaimedEvent, Store } from '../store';
import type { Delivery } from './connector';
import { KickableLoop } from './kickable-loop';

const RELAY_BATCH = 500;
/**
 * Jobs left waiting in Redis before the relay claims more. Rows are leased only when the workers
 * will reach them soon: a lease that runs out while its job still waits would count as an
 * attempt, and Redis holds a bounded backlog however long the outbox grows (an ERP outage).
 */
export const RELAY_HIGH_WATER = 1000;
/**
 * While the backlog is at the high-water mark, how often the relay looks again: workers drain
 * a full backlog in well under the poll interval, and waiting the whole poll left them idle.
 */
const FULL_RECHECK_MS = 20;
/** Fewest rows claimed at once: a backlog drained by a job or two waits instead of a claim each. */
const RELAY_MIN_CLAIM = 100;

/**
 * The job of one claimed outbox row: its Delivery but the attempt, which the worker reads from the
 * row (a row claimed again while its job waited keeps that job), with the time as ISO text.
 */
export type EventJob = Omit<Delivery, 'createdAt' | 'attempts'> & { createdAt: string };

function jobOf(row: ClaimedEvent): EventJob {
  const { id, type, partnerId, fileId, connector, createdAt, payload } = row;
  return { id, type, partnerId, fileId, connector, createdAt: createdAt.toISOString(), payload };
}

/** The Delivery of a job under the row's current claim. */
export function deliveryOf(job: EventJob, attempts: number): Delivery {
  return { ...job, attempts, createdAt: new Date(job.createdAt) };
}

/**
 * Connection options for BullMQ from a redis:// URL. A worker needs `maxRetriesPerRequest: null`
 * (it blocks waiting for jobs; a bounded retry would kill it while Redis restarts). The relay's
 * queue fails a command instead: with null, a call made while Redis is down — and so stopping
 * the gateway — waits until Redis is back; its loop logs the failure and tries again.
 */
export function redisConnection(url: string, role: 'worker' | 'queue') {
  return { url, maxRetriesPerRequest: role === 'worker' ? null : 1 };
}

export class BullmqRelay extends KickableLoop {
  readonly queue: Queue<EventJob>;

  constructor(
    private readonly store: Store,
    private readonly options: {
      redisUrl: string;
      queueName: string;
      leaseMs: number;
      pollMs: number;
      logger: Logger;
    },
  ) {
    super();
    this.queue = new Queue<EventJob>(options.queueName, {
      connection: redisConnection(options.redisUrl, 'queue'),
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', (e) => options.logger.warn({ err: e.message }, 'relay queue error'));
  }

  async stop(): Promise<void> {
    await this.stopLoop();
    await this.queue.close();
  }

  protected async run(): Promise<void> {
    const { leaseMs, pollMs, logger } = this.options;
    let lastWaiting = 0;
    while (!this.stopping) {
      let pause = pollMs;
      try {
        const waiting = await this.queue.getWaitingCount();
        const room = RELAY_HIGH_WATER - waiting;
        const wanted = room >= RELAY_MIN_CLAIM ? Math.min(RELAY_BATCH, room) : 0;
        // Publishing before claiming would need the claim to succeed afterwards; claiming first
        // means a failed publish only delays the rows until their lease ends.
        const rows = wanted > 0 ? await this.store.claimOutbox(wanted, { leaseMs }) : [];
        if (rows.length > 0) {
          await this.queue.addBulk(
            rows.map((r) => ({ name: r.type, data: jobOf(r), opts: { jobId: r.id } })),
          );
        }
        // Full claim: more may be due, go on at once. Backlog (nearly) full and workers taking
        // jobs: look again soon; nobody taking any (workers down or paused): wait the poll. A
        // short claim means the outbox has nothing more due: wait the poll (or a kick).
        if (wanted === 0) pause = waiting < lastWaiting ? FULL_RECHECK_MS : pollMs;
        else if (rows.length === wanted) pause = 0;
        lastWaiting = waiting + rows.length;
      } catch (e) {
        logger.warn(
          { err: (e as Error).message },
          'relay could not publish; rows are retried when their lease ends',
        );
      }
      if (pause > 0) await this.sleeper.sleep(pause);
    }
  }
}
