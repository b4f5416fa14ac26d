// Scaled mode with the worker in the gateway process: the relay publishes outbox rows to BullMQ
// on the real Redis, the worker posts them; and the relay's back-pressure. Skipped when no Redis
// answers.
import { Queue } from 'bullmq';
import { RELAY_HIGH_WATER } from '../../../gateway/dispatch/bullmq-relay';
import { routeEvent } from '../../../gateway/dispatch/event-route';
import { openTestDatabase } from '../store/support/backends';
import { deliveryScenarios } from './delivery-scenarios';
import { dispatchSettings, queueName, REDIS_UP, REDIS_URL, until } from './support/dispatch-fixture';
import { orderEvents } from './support/order-events';
import { runDispatch } from './support/run-dispatch';

jest.setTimeout(240_000);

if (REDIS_UP) deliveryScenarios('BullMQ', () => ({ REDIS_URL, DOCKSIDE_QUEUE_NAME: queueName() }));
else it.skip(`BullMQ dispatch: no Redis at ${REDIS_URL}`, () => undefined);

// The relay leases only what the workers will reach soon: with no worker running, it stops at
// RELAY_HIGH_WATER waiting jobs and leaves the rest of the backlog queued (not leased) in the outbox.
(REDIS_UP ? it : it.skip)('the relay stops claiming while enough jobs wait in Redis', async () => {
  const db = await openTestDatabase('pglite');
  const name = queueName();
  const queue = new Queue(name, { connection: { url: REDIS_URL } });
  try {
    const settings = dispatchSettings(db, {
      REDIS_URL,
      DOCKSIDE_QUEUE_NAME: name,
      DOCKSIDE_DISPATCH_IN_PROCESS: 'false',
    });
    const { dispatch } = await runDispatch(settings, db.store);
    try {
      await db.store.enqueueEvents(orderEvents(RELAY_HIGH_WATER + 700), {
        route: (e) => routeEvent(undefined, e),
      });
      dispatch.kick();
      await until(async () => (await queue.getWaitingCount()) === RELAY_HIGH_WATER, 30_000, 'queue filled');
      // Several more relay rounds: nothing more is claimed while the queue is full.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await queue.getWaitingCount()).toBe(RELAY_HIGH_WATER);
      expect((await db.store.queries.queueGauges()).depth).toEqual({
        delivering: RELAY_HIGH_WATER,
        queued: 700,
        failed: 0,
      });
    } finally {
      await dispatch.stop();
    }
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await db.dispose();
  }
});
