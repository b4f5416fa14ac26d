// A gateway that cannot start must not stay half-started: found by probing, a busy HTTP port or a
// bad connectors file left the store, the SFTP server and the drop zones running in a process
// that printed its error and never exited.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway } from '../../../gateway/runtime/gateway';
import { readSettings } from '../../../gateway/runtime/settings';
import { preparePgliteHome } from '../store/support/backends';

const ROOT = join(__dirname, '..', '..', '..');

jest.setTimeout(60_000);

async function home(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-start-'));
  cpSync(join(ROOT, 'partners'), join(dir, 'partners'), { recursive: true });
  await preparePgliteHome(dir);
  return dir;
}

function listening(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listening(0);
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const settings = (dir: string, env: Record<string, string> = {}) =>
  readSettings({
    DOCKSIDE_HOME: dir,
    DOCKSIDE_PARTNERS: join(dir, 'partners'),
    DOCKSIDE_SFTP_PORT: '0',
    DOCKSIDE_HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });

describe('startGateway that fails', () => {
  it('closes what it had started when its HTTP port is taken, so the same home starts again', async () => {
    const dir = await home();
    const busy = await listening(0);
    const port = (busy.address() as AddressInfo).port;
    const sftpPort = await freePort();
    try {
      await expect(
        startGateway(
          settings(dir, { DOCKSIDE_HTTP_PORT: String(port), DOCKSIDE_SFTP_PORT: String(sftpPort) }),
          pino({ level: 'silent' }),
        ),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      busy.close();
    }
    // The SFTP server it had started is closed: its port is free again.
    (await listening(sftpPort)).close();
    // The embedded database's lock was let go with the rest.
    const gateway = await startGateway(settings(dir), pino({ level: 'silent' }));
    await gateway.stop();
  });

  it('checks its configuration before it opens anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockside-start-'));
    cpSync(join(ROOT, 'partners'), join(dir, 'partners'), { recursive: true });
    await expect(
      startGateway(settings(dir, { DOCKSIDE_CONNECTORS: join(dir, 'nope.yaml') }), pino({ level: 'silent' })),
    ).rejects.toMatchObject({ code: 'DS_CONFIG_READ_FAILED' });
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });
});
