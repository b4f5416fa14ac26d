// The delivery scenarios every dispatch mode must pass (embedded, BullMQ): run by the mode's test
// file against both databases and the real mock ERP over HTTP.
import pino from 'pino';
import { makeEvent, type CanonicalEvent } from '../../../canonical/cloudevent';
import type { Dispatch } from '../../../gateway/dispatch';
import { routeEvent } from '../../../gateway/dispatch/event-route';
import { startMockErp, type MockErp } from '../../../gateway/dispatch/mock-erp';
import { createOpsActions } from '../../../gateway/runtime/ops-actions';
import type { Settings } from '../../../gateway/runtime/settings';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../store/support/backends';
import {
  control,
  dispatchSettings,
  SECRET,
  settledOutbox,
  until,
  writeConnectors,
} from './support/dispatch-fixture';
import { orderEvents } from './support/order-events';
import { counterValue, runDispatch } from './support/run-dispatch';

const route = (e: CanonicalEvent) => routeEvent(undefined, e);

/** Register the scenarios for one mode; `env` adds the mode's settings (REDIS_URL, queue name). */
export function deliveryScenarios(mode: string, env: () => Record<string, string>): void {
  describe.each(BACKENDS)(`${mode} dispatch on $backend`, ({ backend, skip }) => {
    const maybe = skip ? it.skip : it;
    let db: TestDatabase;
    let erp: MockErp;
    let settings: Settings;
    let dispatch: Dispatch | undefined;

    beforeAll(async () => {
      if (skip) return;
      db = await openTestDatabase(backend);
      erp = await startMockErp({ port: 0, secret: SECRET });
      settings = dispatchSettings(db, {
        DOCKSIDE_CONNECTORS: writeConnectors(db.home, erp.url, {
          maxAttempts: 100,
          initialDelayMs: 1000,
          maxDelayMs: 4000,
        }),
        DOCKSIDE_DISPATCH_CONCURRENCY: '32',
        DOCKSIDE_DISPATCH_LEASE_MS: '10000',
        ...env(),
      });
    });
    afterEach(async () => {
      await dispatch?.stop();
      dispatch = undefined;
      if (erp) await fetch(`${erp.url}/reset`, { method: 'POST' });
    });
    afterAll(async () => {
      await erp?.close();
      await db?.dispose();
    });

    maybe(
      '5,000 events reach an ERP that is down for the first 20 s: all posted once, none dead',
      async () => {
        await control(erp.url, { unavailableForSeconds: 20 });
        const events = orderEvents(5000);
        await db.store.enqueueEvents(events, { route });
        const started = await runDispatch(settings, db.store);
        dispatch = started.dispatch;
        await until(() => erp.stats().posted >= 5000, 150_000, 'all 5,000 posted');

        const stats = erp.stats();
        expect(stats).toMatchObject({ posted: 5000, duplicates: 0, rejected: 0, badSignature: 0 });
        expect(stats.unavailable).toBeGreaterThan(0);
        expect(new Set(erp.postings().map((p) => p.key))).toEqual(new Set(events.map((e) => e.id)));
        expect(await settledOutbox(db.store)).toEqual({
          queued: 0,
          delivering: 0,
          failed: 0,
          dead: 0,
        });
        // The first event was tried while the ERP was down, then posted; every attempt is on record.
        const attempts = await db.store.queries.deliveryAttempts(events[0].id);
        expect(attempts[0]).toMatchObject({ outcome: 'retry', statusCode: 503, connector: 'default' });
        expect(attempts.at(-1)).toMatchObject({ outcome: 'posted', statusCode: 201 });
        expect(
          await counterValue(started.metrics, 'dockside_events_delivered_total', { outcome: 'posted' }),
        ).toBe(5000);
      },
    );

    maybe(
      'a 422 is dead-lettered at once with the response; replayed after the fix it is posted once',
      async () => {
        const [good, bad] = orderEvents(2);
        const rejected: CanonicalEvent = {
          ...bad,
          data: { ...(bad.data as object), note: 'UNKNOWN-SKU-42' },
        };
        await control(erp.url, { rejectMatching: 'UNKNOWN-SKU-42' });
        await db.store.enqueueEvents([good, rejected], { route });
        dispatch = (await runDispatch(settings, db.store)).dispatch;
        await until(
          async () => (await db.store.getOutboxEvent(rejected.id))?.state === 'dead',
          20_000,
          'dead letter',
        );
        const dead = await db.store.getOutboxEvent(rejected.id);
        expect(dead).toMatchObject({ attempts: 1, lastError: expect.stringContaining('422') });
        expect(dead?.lastResponse).toContain('matched UNKNOWN-SKU-42');
        await until(
          async () => (await db.store.getOutboxEvent(good.id))?.state === 'posted',
          20_000,
          'good posted',
        );

        await control(erp.url, { rejectMatching: null });
        const actions = createOpsActions({
          store: db.store,
          pipeline: { reprocess: () => Promise.reject(new Error('not used')) },
          kickDispatch: () => dispatch?.kick(),
          logger: pino({ level: 'silent' }),
          connectors: [{ name: 'default', type: 'webhook' }],
        });
        expect(await actions.replayEvents({ partnerId: rejected.partnerid }, 'ops@test')).toEqual({
          replayed: 1,
        });
        await until(
          async () => (await db.store.getOutboxEvent(rejected.id))?.state === 'posted',
          20_000,
          'replayed',
        );
        expect(erp.postings().filter((p) => p.key === rejected.id)).toHaveLength(1);
        expect(erp.stats()).toMatchObject({ posted: 2, duplicates: 0, rejected: 1 });
        // Replaying a posted event sends the same id again: the ERP answers 409, still posted, still once.
        await actions.replayEvent(rejected.id, 'ops@test');
        await until(
          async () => (await db.store.getOutboxEvent(rejected.id))?.state === 'posted',
          20_000,
          'replayed twice',
        );
        expect(erp.stats()).toMatchObject({ posted: 2, duplicates: 1 });
        const outcomes = (await db.store.queries.deliveryAttempts(rejected.id)).map((a) => a.outcome);
        expect(outcomes).toEqual(['rejected', 'posted', 'duplicate']);
      },
    );

    maybe(
      'an invoice queued before its order is posted after it; a paused connector holds events',
      async () => {
        const partnerId = `p-order-${backend}`;
        const event = (type: 'order.created' | 'invoice.received', n: number) =>
          makeEvent({
            type,
            partnerId,
            subject: 'PO-7',
            time: '2026-11-27T10:00:00Z',
            sourceFormat: 'test',
            idParts: [partnerId, type, String(n)],
            data:
              type === 'order.created'
                ? { purchaseOrderNumber: 'PO-7', lines: [{ lineNumber: '1', quantity: 1 }] }
                : { invoiceNumber: `INV-${n}`, purchaseOrderNumber: 'PO-7', totalAmount: '10.00' },
          });
        const invoice = event('invoice.received', 1);
        const order = event('order.created', 1);
        await db.store.setConnectorPaused('default', true, 'ops@test');
        dispatch = (await runDispatch(settings, db.store)).dispatch;
        await db.store.enqueueEvents([invoice], { route });
        await db.store.enqueueEvents([order], { route });
        dispatch.kick();
        await new Promise((r) => setTimeout(r, 1500));
        expect(erp.stats().received).toBe(0);
        await db.store.setConnectorPaused('default', false, 'ops@test');
        dispatch.kick();
        await until(() => erp.stats().posted === 2, 20_000, 'both posted');
        expect(erp.postings().map((p) => p.type)).toEqual(['order.created', 'invoice.received']);
      },
    );
  });
}
