// Ack delivery when a partner's own SFTP server stops answering: found by probing, a server that
// logged in and then never answered an SFTP request held every partner's acks (and the gateway's
// stop) forever, and one that was unreachable delayed every other partner's acks.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Server, utils } from 'ssh2';
import { OutboundDelivery } from '../../../gateway/runtime/outbound-delivery';
import type { ProfileRegistry } from '../../../gateway/runtime/profile-registry';
import type { PartnerProfile } from '../../../gateway/config/profile-schema';
import { openStore, type Store } from '../../../gateway/store';
import { preparePgliteHome } from '../store/support/backends';

jest.setTimeout(60_000);

/** An SSH server that logs anyone in and opens SFTP, then never answers an OPEN. */
async function silentSftpServer(): Promise<{ port: number; opens: () => number; close(): void }> {
  let opens = 0;
  const server = new Server({ hostKeys: [utils.generateKeyPairSync('ed25519').private] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () =>
      client.on('session', (accept) =>
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          sftp.on('OPEN', () => opens++);
          sftp.on('STAT', (id) => sftp.status(id, 2));
          sftp.on('LSTAT', (id) => sftp.status(id, 2));
        }),
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, opens: () => opens, close: () => server.close() };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 50));
  expect(check()).toBe(true);
}

describe('OutboundDelivery with a partner server that stops answering', () => {
  let store: Store;
  let home: string;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'dockside-outbound-'));
    await preparePgliteHome(home);
    store = await openStore({ home });
  });
  afterEach(async () => store.close());

  it("delivers other partners' acks meanwhile, gives the push up at its deadline, and stops", async () => {
    const silent = await silentSftpServer();
    process.env.DOCKSIDE_TEST_PUSH_PASSWORD = 'x';
    const profiles = new Map<string, PartnerProfile>([
      [
        'slowco',
        {
          id: 'slowco',
          transports: [
            {
              type: 'remote-sftp',
              host: '127.0.0.1',
              port: silent.port,
              username: 'u',
              password: 'env:DOCKSIDE_TEST_PUSH_PASSWORD',
              inboundPath: '/in',
              outboundPath: '/out',
              push: true,
            },
          ],
        } as unknown as PartnerProfile,
      ],
      [
        'acme',
        { id: 'acme', transports: [{ type: 'hosted-sftp', username: 'acme' }] } as unknown as PartnerProfile,
      ],
    ]);
    const registry = { get: (id: string) => profiles.get(id), all: () => [...profiles.values()] };
    const delivery = new OutboundDelivery(
      store,
      registry as unknown as ProfileRegistry,
      home,
      pino({ level: 'silent' }),
      undefined,
      2_000,
    );
    try {
      await store.enqueueOutbound({ partnerId: 'slowco', kind: '997', content: 'ISA*slow~' });
      await delivery.kick();
      await until(() => silent.opens() > 0);
      // Queued while the push to slowco hangs: delivered all the same.
      await store.enqueueOutbound({ partnerId: 'acme', kind: '997', content: 'ISA*acme~' });
      await delivery.kick();
      const outbound = join(home, 'sftp', 'acme', 'outbound');
      await until(() => existsSync(outbound) && readdirSync(outbound).length === 1);
      await delivery.stop();
      const [slow] = await store.listPendingOutbound(10, { now: new Date(Date.now() + 3_600_000) });
      expect(slow).toMatchObject({ partnerId: 'slowco', state: 'failed' });
      expect(slow.lastError).toMatch(/no answer within 2000 ms/);
    } finally {
      silent.close();
    }
  });
});
