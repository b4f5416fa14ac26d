// The embedded dispatcher's own bookkeeping, with a store and a deliverer that it only talks to:
// a row claimed again while still held is not sent twice, nothing new is sent once stopping, and
// the lease outlasts the slowest connector.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Deliverer } from '../../../gateway/dispatch/deliverer';
import { dispatchLeaseMs } from '../../../gateway/dispatch/index';
import { loadConnectorsConfig } from '../../../gateway/dispatch/connectors-config';
import { OutboxDispatcher } from '../../../gateway/dispatch/outbox-dispatcher';
import { readSettings } from '../../../gateway/runtime/settings';
import type { ClaimedEvent, Store } from '../../../gateway/store';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function row(id: string): ClaimedEvent {
  return {
    id,
    type: 'order.created',
    partnerId: 'acme',
    fileId: null,
    connector: 'default',
    attempts: 1,
    createdAt: new Date(),
    payload: {},
  } as unknown as ClaimedEvent;
}

/** A deliverer whose deliveries hang until released; it records what it was asked to send. */
function hangingDeliverer() {
  const sent: string[] = [];
  let release!: () => void;
  const answered = new Promise<void>((r) => (release = r));
  const deliverer = {
    async deliver(r: ClaimedEvent, onSent?: () => void) {
      sent.push(r.id);
      await answered;
      onSent?.();
      return true;
    },
    idle: async () => undefined,
  } as unknown as Deliverer;
  return { sent, release, deliverer };
}

describe('OutboxDispatcher', () => {
  it('does not send a row again when a claim returns it while it is still being sent', async () => {
    // Found by a probe: with an ERP slower than the lease, the next claim took the row again and
    // the ERP got it two and three times.
    let claims = 0;
    const store = { claimOutbox: async () => (++claims <= 5 ? [row('e1')] : []) } as unknown as Store;
    const { sent, release, deliverer } = hangingDeliverer();
    const d = new OutboxDispatcher(store, deliverer, { concurrency: 4, leaseMs: 1000, pollMs: 5, logger });
    d.start();
    while (claims < 5) await sleep(5);
    release();
    await d.stop();
    expect(sent).toEqual(['e1']);
  });

  it('sends nothing new once stopping: buffered rows wait for their lease', async () => {
    let claimed = false;
    const store = {
      claimOutbox: async () => (claimed ? [] : ((claimed = true), [row('a'), row('b')])),
    } as unknown as Store;
    const { sent, release, deliverer } = hangingDeliverer();
    const d = new OutboxDispatcher(store, deliverer, { concurrency: 1, leaseMs: 1000, pollMs: 5, logger });
    d.start();
    while (sent.length === 0) await sleep(5);
    const stopped = d.stop();
    release(); // 'a' is answered while stopping: its slot frees, 'b' must not go out
    await stopped;
    expect(sent).toEqual(['a']);
  });

  it('leases rows for at least four times the longest connector timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockside-lease-'));
    const file = join(dir, 'connectors.yaml');
    writeFileSync(
      file,
      'connectors:\n  slow: { type: webhook, url: "http://127.0.0.1:9/x", timeoutMs: 30000 }\n',
    );
    const settings = readSettings({ DOCKSIDE_HOME: dir, DOCKSIDE_CONNECTORS: file });
    expect(settings.dispatchLeaseMs).toBe(60_000);
    expect(dispatchLeaseMs(settings, await loadConnectorsConfig(file), logger)).toBe(120_000);
    writeFileSync(
      file,
      'connectors:\n  quick: { type: webhook, url: "http://127.0.0.1:9/x", timeoutMs: 5000 }\n',
    );
    expect(dispatchLeaseMs(settings, await loadConnectorsConfig(file), logger)).toBe(60_000);
  });
});
