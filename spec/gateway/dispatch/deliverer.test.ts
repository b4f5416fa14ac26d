// One delivery's bookkeeping on a real store and a real mock ERP: attempts used up become a dead
// letter with the last error; ops actions refuse what they cannot do; events route by profile.
import pino from 'pino';
import type { CanonicalEvent } from '../../../canonical/cloudevent';
import {
  parseConnectorsConfig,
  type WebhookConnectorConfig,
} from '../../../gateway/dispatch/connectors-config';
import { Deliverer } from '../../../gateway/dispatch/deliverer';
import { routeEvent } from '../../../gateway/dispatch/event-route';
import { startMockErp, type MockErp } from '../../../gateway/dispatch/mock-erp';
import { webhookConnector } from '../../../gateway/dispatch/webhook-connector';
import type { PartnerProfile } from '../../../gateway/config/profile-schema';
import { createOpsActions } from '../../../gateway/runtime/ops-actions';
import { openTestDatabase, type TestDatabase } from '../store/support/backends';
import { control, SECRET } from './support/dispatch-fixture';
import { orderEvents } from './support/order-events';

jest.setTimeout(60_000);

const route = (e: CanonicalEvent) => routeEvent(undefined, e);

describe('deliverer and ops actions', () => {
  let db: TestDatabase;
  let erp: MockErp;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    erp = await startMockErp({ port: 0, secret: SECRET });
  });
  afterAll(async () => {
    await erp?.close();
    await db?.dispose();
  });

  it('retries with backoff, then dead-letters with the last error once the attempts are used up', async () => {
    const config = parseConnectorsConfig(
      `connectors:\n  default: { type: webhook, url: "${erp.url}/events" }\nretry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 }\n`,
      'c.yaml',
    );
    const connector = webhookConnector({
      name: 'default',
      config: config.connectors.get('default') as WebhookConnectorConfig,
      secret: SECRET,
      maxSockets: 2,
    });
    const deliverer = new Deliverer({
      store: db.store,
      connectors: new Map([['default', connector]]),
      config,
      worker: 'test',
      logger: pino({ level: 'silent' }),
    });
    await control(erp.url, { unavailableForSeconds: 60 });
    const [event] = orderEvents(1);
    await db.store.enqueueEvents([event], { route });
    for (let attempt = 1; attempt <= 2; attempt++) {
      await new Promise((r) => setTimeout(r, 5));
      const [claimed] = await db.store.claimOutbox(10);
      expect(claimed).toMatchObject({ id: event.id, attempts: attempt });
      expect(await deliverer.deliver(claimed)).toBe(true);
    }
    expect(await db.store.getOutboxEvent(event.id)).toMatchObject({
      state: 'dead',
      lastError: 'HTTP 503 Service Unavailable (gave up after 2 attempts)',
    });
    expect((await db.store.queries.deliveryAttempts(event.id)).map((a) => a.outcome)).toEqual([
      'retry',
      'dead',
    ]);
    // A connector the row names but the config lacks (renamed since): retried, with the reason.
    const [orphan] = orderEvents(1);
    await db.store.enqueueEvents([orphan], {
      route: () => ({ connector: 'gone', orderKey: null, orderRank: 0 }),
    });
    const [claimed] = (await db.store.claimOutbox(10)).filter((r) => r.id === orphan.id);
    await deliverer.deliver(claimed);
    expect(await db.store.getOutboxEvent(orphan.id)).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('no connector named "gone"'),
    });
    await connector.close();
    await control(erp.url, { unavailableForSeconds: 0 });
  });

  it('refuses to replay an unknown event or one already on its way, or to pause an unknown connector', async () => {
    const actions = createOpsActions({
      store: db.store,
      pipeline: { reprocess: () => Promise.reject(new Error('not used')) },
      kickDispatch: () => undefined,
      logger: pino({ level: 'silent' }),
      connectors: [{ name: 'default', type: 'webhook' }],
    });
    await expect(actions.replayEvent('no-such-event', 'ops')).rejects.toMatchObject({
      code: 'DS_STORE_NOT_FOUND',
    });
    const [queued] = orderEvents(1);
    await db.store.enqueueEvents([queued], { route });
    await expect(actions.replayEvent(queued.id, 'ops')).rejects.toMatchObject({
      code: 'DS_DISPATCH_NOT_REPLAYABLE',
      message: expect.stringContaining('queued'),
    });
    expect(await actions.replayEvents({ partnerId: 'nobody' }, 'ops')).toEqual({ replayed: 0 });
    // A typo must not pause nothing quietly: only configured connectors can be paused.
    await expect(actions.setConnectorPaused('defualt', true, 'ops')).rejects.toMatchObject({
      code: 'DS_STORE_NOT_FOUND',
      message: expect.stringContaining('configured: default'),
    });
    await actions.setConnectorPaused('default', true, 'ops');
    expect(await db.store.queries.connectorStates()).toEqual([
      expect.objectContaining({ name: 'default', paused: true, changedBy: 'ops' }),
    ]);
    await actions.setConnectorPaused('default', false, 'ops');
  });
});

describe('event routes', () => {
  const profile = {
    id: 'acme',
    erp: { connector: 'default', byType: { 'invoice.received': 'accounting' } },
  } as PartnerProfile;
  const [order] = orderEvents(1);
  const invoice: CanonicalEvent = {
    ...order,
    type: 'invoice.received',
    data: { invoiceNumber: 'INV-1', purchaseOrderNumber: 'PO-0', totalAmount: '1.00' },
  };
  const shipment: CanonicalEvent = {
    ...order,
    type: 'shipment.confirmed',
    data: { shipmentId: 'S-1', orders: [{ purchaseOrderNumber: 'PO-0' }] },
  };
  const ack: CanonicalEvent = { ...order, type: 'acknowledgement.received', data: { ackType: '997' } };

  it('use the profile connector, its per-type override, and order events of one PO by business step', () => {
    const key = `${order.partnerid}/PO-0`;
    expect(routeEvent(profile, order)).toEqual({ connector: 'default', orderKey: key, orderRank: 0 });
    expect(routeEvent(profile, shipment)).toEqual({ connector: 'default', orderKey: key, orderRank: 1 });
    expect(routeEvent(profile, invoice)).toEqual({ connector: 'accounting', orderKey: key, orderRank: 3 });
    expect(routeEvent(profile, ack)).toEqual({ connector: 'default', orderKey: null, orderRank: 0 });
    expect(routeEvent(undefined, invoice).connector).toBe('default');
  });
});
