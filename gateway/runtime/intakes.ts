// Starts the intakes the partner profiles ask for: one hosted SFTP server for every hosted-sftp
// user, a drop-zone watcher per drop zone, a poller per remote SFTP server. Watchers and pollers
// are restarted when the profiles change; the SFTP server reads its users at each login.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, readFile, writeFile, chmod, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { utils } from 'ssh2';
import type { Logger } from 'pino';
import type { PartnerProfile } from '../config/profile-schema';
import { resolveDataPath } from '../config/data-paths';
import { resolveSecret } from '../config/secrets';
import { startSftpServer, SftpServerHandle, SftpUser } from '../intake/sftp-server';
import { watchDropZone, DropZoneWatcher } from '../intake/dropzone-watcher';
import type { IntakeLease } from '../intake/intake-lease';
import { startRemotePoller, RemotePoller } from '../intake/remote-poller';
import type { Store } from '../store';
import type { Pipeline } from './pipeline';
import type { ProfileRegistry } from './profile-registry';
import { sftpHome } from './outbound-delivery';

/** How long an intake lease lasts unless renewed: a gateway that dies holding one blocks others this long. */
const INTAKE_LEASE_MS = 60_000;

/** An intake lease in the store's lease table, held by `owner` (one gateway process). */
export function storeIntakeLease(
  store: Store,
  name: string,
  owner: string,
  ttlMs = INTAKE_LEASE_MS,
): IntakeLease {
  return {
    ttlMs,
    take: () => store.takeLease(name, owner, ttlMs),
    release: () => store.releaseLease(name, owner),
  };
}

export interface IntakeOptions {
  readonly home: string;
  readonly host: string;
  readonly sftpPort: number;
  readonly store: Store;
  readonly pipeline: Pipeline;
  readonly profiles: ProfileRegistry;
  readonly logger: Logger;
}

export class Intakes {
  private sftp: SftpServerHandle | undefined;
  private watchers: DropZoneWatcher[] = [];
  private pollers: RemotePoller[] = [];
  private users: SftpUser[] = [];
  private restarting: Promise<void> = Promise.resolve();
  private stopped = false;
  /** This gateway, as the holder of intake leases (unique per process). */
  private readonly leaseOwner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

  constructor(private readonly o: IntakeOptions) {}

  /** The SFTP port actually bound (useful with port 0). */
  get sftpPort(): number | undefined {
    return this.sftp?.port;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.sftp = await startSftpServer({
      host: this.o.host,
      port: this.o.sftpPort,
      hostKeyPath: path.join(this.o.home, 'keys', 'ssh_host_ed25519_key'),
      users: () => this.users,
      onUpload: async (user, info) => {
        const partner = this.o.profiles.get(user.partnerId);
        if (!partner) throw new Error(`no profile for ${user.partnerId}`);
        await this.o.pipeline.receive({
          partner,
          transport: 'hosted-sftp',
          name: info.name,
          bytes: await readFile(info.path),
        });
        // Recorded (the blob store keeps the bytes): the partner's inbound/ is a pickup folder. A
        // file that cannot be removed is logged, not reported to the partner as a failed upload:
        // their retry would only arrive as a duplicate.
        await rm(info.path, { force: true }).catch((err: unknown) =>
          this.o.logger.warn({ err, partnerId: partner.id, path: info.path }, 'recorded upload not removed'),
        );
      },
      // Every SFTP action is audited, even a stranger's failed login: a write the store cannot
      // take (PostgreSQL restarting, the store closed) is logged, never left to end the process.
      audit: (e) => {
        this.o.store
          .audit(e.username || 'anonymous', `sftp.${e.action}`, e.username, {
            remote: e.remote,
            detail: e.detail,
          })
          .catch((err: unknown) =>
            this.o.logger.warn({ err, action: e.action, username: e.username }, 'sftp audit not recorded'),
          );
      },
      logger: this.o.logger.child({ component: 'sftp' }),
    });
    this.o.profiles.onChange(() => {
      // A profile edit during stop() must not start watchers and pollers nobody would close.
      if (this.stopped) return;
      this.restarting = this.restarting
        .then(() => (this.stopped ? undefined : this.refresh()))
        .catch((e) => this.o.logger.error({ err: e }, 'intake restart failed'));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
    await this.sftp?.close();
    await this.stopWatchers();
  }

  /** Rebuild users, watchers and pollers from the current profiles. */
  private async refresh(): Promise<void> {
    await this.stopWatchers();
    const users: SftpUser[] = [];
    for (const partner of this.o.profiles.all()) {
      for (const t of partner.transports) {
        if (t.type === 'hosted-sftp') users.push(await this.sftpUser(partner, t));
        if (t.type === 'dropzone') await this.watch(partner, t);
        if (t.type === 'remote-sftp') await this.poll(partner, t);
      }
    }
    this.users = users;
  }

  private async stopWatchers(): Promise<void> {
    await Promise.all([...this.watchers.map((w) => w.close()), ...this.pollers.map((p) => p.close())]);
    this.watchers = [];
    this.pollers = [];
  }

  private async sftpUser(
    partner: PartnerProfile,
    t: Extract<PartnerProfile['transports'][number], { type: 'hosted-sftp' }>,
  ): Promise<SftpUser> {
    const home = sftpHome(this.o.home, t.username);
    await mkdir(path.join(home, 'inbound'), { recursive: true });
    await mkdir(path.join(home, 'outbound'), { recursive: true });
    const keys = [...t.publicKeys];
    if (t.demoKeyPair) keys.push(await demoKey(this.o.home, t.username));
    return {
      partnerId: partner.id,
      username: t.username,
      publicKeys: keys,
      ...(t.passwordHash && { passwordHash: t.passwordHash }),
      home,
      maxSessions: t.maxSessions,
      maxFileSizeBytes: partner.limits.maxFileSizeBytes,
    };
  }

  private async watch(
    partner: PartnerProfile,
    t: Extract<PartnerProfile['transports'][number], { type: 'dropzone' }>,
  ): Promise<void> {
    const inbound = resolveDataPath(this.o.home, t.inbound);
    const archive = t.archive && resolveDataPath(this.o.home, t.archive);
    await mkdir(inbound, { recursive: true });
    await mkdir(resolveDataPath(this.o.home, t.outbound), { recursive: true });
    this.watchers.push(
      await watchDropZone({
        partnerId: partner.id,
        inbound,
        ...(archive && { archive }),
        afterReceipt: t.afterReceipt,
        // Gateways sharing the folder (the scaled deployment's shared volume) take turns, by a lease
        // named by the profile's path, not the resolved one: gateways may mount the volume elsewhere.
        lease: storeIntakeLease(this.o.store, `dropzone:${partner.id}:${t.inbound}`, this.leaseOwner),
        maxFileSizeBytes: partner.limits.maxFileSizeBytes,
        stabilityMs: t.settleMs,
        onFile: async (info) => {
          const current = this.o.profiles.get(partner.id) ?? partner;
          await this.o.pipeline.receive({
            partner: current,
            transport: 'dropzone',
            name: info.name,
            bytes: info.bytes,
          });
        },
        logger: this.o.logger.child({ component: 'dropzone', partnerId: partner.id }),
      }),
    );
  }

  private async poll(
    partner: PartnerProfile,
    t: Extract<PartnerProfile['transports'][number], { type: 'remote-sftp' }>,
  ): Promise<void> {
    const secrets = { env: process.env, baseDir: this.o.home };
    const logger = this.o.logger.child({ component: 'remote-sftp', partnerId: partner.id });
    let privateKey: string | undefined;
    let password: string | undefined;
    try {
      privateKey = t.privateKey && (await resolveSecret(t.privateKey, secrets));
      password = t.password && (await resolveSecret(t.password, secrets));
    } catch (e) {
      logger.error({ err: (e as Error).message }, 'remote SFTP credentials unavailable: not polling');
      return;
    }
    this.pollers.push(
      startRemotePoller({
        partnerId: partner.id,
        connect: {
          host: t.host,
          port: t.port,
          username: t.username,
          ...(privateKey && { privateKey }),
          ...(password && { password }),
        },
        inboundPath: t.inboundPath,
        pollIntervalSeconds: t.pollIntervalSeconds,
        settleSeconds: t.settleSeconds,
        maxFileSizeBytes: partner.limits.maxFileSizeBytes,
        afterReceipt: t.afterReceipt,
        ...(t.moveTo && { moveTo: t.moveTo }),
        // Every gateway on the database polls the same servers: one at a time per server folder.
        lease: storeIntakeLease(
          this.o.store,
          `poll:${partner.id}:${t.host}:${t.port}:${t.inboundPath}`,
          this.leaseOwner,
        ),
        // The store dedupes on the remote key: a refetch after a crash is recorded once.
        alreadyReceived: async () => false,
        onFile: async (file) => {
          const current = this.o.profiles.get(partner.id) ?? partner;
          await this.o.pipeline.receive({
            partner: current,
            transport: 'remote-sftp',
            name: file.name,
            bytes: file.bytes,
            remoteKey: file.remoteKey,
          });
        },
        logger,
      }),
    );
  }
}

/** Demo only: a key pair for a hosted-SFTP user, generated once under the data folder. */
async function demoKey(home: string, username: string): Promise<string> {
  const dir = path.join(home, 'keys', username);
  const pub = path.join(dir, 'id_ed25519.pub');
  if (!existsSync(pub)) {
    await mkdir(dir, { recursive: true });
    const pair = utils.generateKeyPairSync('ed25519', { comment: `${username}@dockside-demo` });
    await writeFile(path.join(dir, 'id_ed25519'), pair.private, { mode: 0o600 });
    await chmod(path.join(dir, 'id_ed25519'), 0o600);
    await writeFile(pub, `${pair.public}\n`);
  }
  return (await readFile(pub, 'utf8')).trim();
}
