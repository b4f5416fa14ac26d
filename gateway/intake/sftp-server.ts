// The hosted SFTP server (ssh2): partners log in with a key or a password, are jailed in their home,
// drop files into inbound/ and collect acks from outbound/. See docs in sftp-types.ts for the options.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Connection } from 'ssh2';
import { Server } from 'ssh2';
import { authenticate, type AuthState } from './sftp-auth';
import { loadOrCreateHostKey } from './sftp-host-key';
import { HOME_FOLDERS } from './sftp-permissions';
import { FailureLimiter } from './sftp-rate-limit';
import { SftpSession } from './sftp-session';
import type { SftpAuditEvent, SftpServerHandle, SftpServerOptions, SftpUser } from './sftp-types';
import { staleUploads } from './sftp-upload';

export type { SftpAuditEvent, SftpServerHandle, SftpServerOptions, SftpUser, UploadInfo } from './sftp-types';

const DEFAULT_MAX_AUTH_FAILURES_PER_MINUTE = 10;
const DEFAULT_AUTH_COOLDOWN_MS = 60_000;
const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_LOGIN_GRACE_MS = 30_000;
const DEFAULT_MAX_CONNECTIONS = 256;
const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
/** Connections a user may hold when its profile sets no maxSessions. */
export const DEFAULT_MAX_SESSIONS = 10;

interface LiveConnection {
  client: Connection;
  user?: SftpUser;
  session?: SftpSession;
  closed: Promise<void>;
}

/** Start the hosted SFTP server; resolves once it listens (port 0 picks a free port). */
export async function startSftpServer(options: SftpServerOptions): Promise<SftpServerHandle> {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ module: 'intake.sftp' });
  const audit = (event: SftpAuditEvent): void => {
    try {
      options.audit?.(event);
    } catch (err) {
      logger.error({ err }, 'audit hook failed');
    }
  };
  const hostKey = await loadOrCreateHostKey(options.hostKeyPath);
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const limiter = new FailureLimiter(
    options.maxAuthFailuresPerMinute ?? DEFAULT_MAX_AUTH_FAILURES_PER_MINUTE,
    options.authCooldownMs ?? DEFAULT_AUTH_COOLDOWN_MS,
  );
  // What no session will finish, in the inbound folders, at start and then every few minutes:
  // part files of a crashed process are removed; an upload under a temporary name never renamed
  // (the rename records it) is recorded under its own name. Only files older than the idle
  // timeout, since no live session (of another gateway sharing the folder) can still own those.
  const tidy = async (): Promise<void> => {
    for (const user of options.users()) {
      const { removed, unrenamed } = await staleUploads(join(user.home, 'inbound'), idleTimeoutMs);
      if (removed.length)
        logger.warn({ partnerId: user.partnerId, removed }, 'removed stale partial uploads');
      for (const info of unrenamed) {
        try {
          await options.onUpload(user, info);
          logger.warn(
            { partnerId: user.partnerId, file: info.name },
            'temporary upload never renamed: recorded',
          );
        } catch (err) {
          logger.error({ err, partnerId: user.partnerId, file: info.name }, 'temporary upload not recorded');
        }
      }
    }
  };
  await tidy();
  const tidyTimer = setInterval(() => void tidy(), Math.min(idleTimeoutMs, 5 * 60_000));
  tidyTimer.unref();

  const live = new Set<LiveConnection>();
  const sessionsOf = (username: string): number =>
    [...live].filter((c) => c.user?.username === username).length;

  const guard = connectionGuard(options, logger);
  const server = new Server({ hostKeys: [hostKey.privateKey], ident: 'Dockside' }, (client, info) => {
    const remote = info.ip;
    const state: AuthState = { remote, unknownKeyCounted: false };
    let resolveClosed!: () => void;
    const conn: LiveConnection = { client, closed: new Promise((r) => (resolveClosed = r)) };
    live.add(conn);

    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        // An onUpload under way is not idleness: look again later.
        if (conn.session?.busy) return touch();
        logger.info({ remote, username: conn.user?.username }, 'closing idle connection');
        client.end();
      }, idleTimeoutMs);
      idle.unref();
    };
    touch();

    client.on('authentication', (ctx) => {
      touch();
      authenticate(ctx, state, { users: options.users, limiter, audit, logger })
        .then(
          async (outcome) => {
            if (outcome.kind === 'disconnect') client.end();
            if (outcome.kind !== 'accepted') return;
            const max = outcome.user.maxSessions ?? DEFAULT_MAX_SESSIONS;
            if (sessionsOf(ctx.username) >= max) {
              audit({
                action: 'login-refused',
                username: ctx.username,
                remote,
                detail: `DS_INTAKE_MAX_SESSIONS: already ${max}`,
              });
              ctx.reject(['publickey', 'password']);
              client.end();
              return;
            }
            // Checked and counted in one synchronous step: two logins racing for the last session
            // cannot both get it.
            conn.user = outcome.user;
            try {
              for (const folder of HOME_FOLDERS)
                await mkdir(join(outcome.user.home, folder), { recursive: true });
            } catch (err) {
              logger.error({ err, partnerId: outcome.user.partnerId }, 'cannot prepare home folder');
              conn.user = undefined;
              ctx.reject();
              return;
            }
            ctx.accept();
            guard.loggedIn(info.ip, info.port);
            audit({ action: 'login', username: ctx.username, remote, detail: ctx.method });
            logger.info({ partnerId: outcome.user.partnerId, remote, method: ctx.method }, 'sftp login');
          },
          (err: unknown) => {
            logger.error({ err }, 'authentication failed unexpectedly');
            ctx.reject();
          },
        )
        // The accepting half calls into ssh2 on a connection that may be gone by now.
        .catch((err: unknown) => logger.error({ err }, 'login could not be completed'));
    });

    client.on('session', (accept, reject) => {
      // One SFTP session per connection: maxSessions counts connections, and a client could
      // otherwise open many channels on one.
      if (!conn.user || conn.session) return reject();
      const user = conn.user;
      const session = accept();
      session.on('sftp', (acceptSftp, rejectSftp) => {
        if (conn.session) return rejectSftp();
        const sftp = acceptSftp();
        conn.session = new SftpSession(sftp, {
          user,
          remote,
          preUpload: options.preUpload,
          onUpload: options.onUpload,
          audit,
          logger: logger.child({ partnerId: user.partnerId }),
          onActivity: touch,
        });
        // The client's EOF ends the subsystem: close our side too, or OpenSSH waits for it forever.
        sftp.on('end', () => sftp.end());
        sftp.on('close', () => void conn.session?.dispose());
      });
    });

    client.on('error', (err) => logger.debug({ err, remote }, 'ssh connection error'));
    client.on('close', () => {
      clearTimeout(idle);
      live.delete(conn);
      const done = conn.session?.dispose() ?? Promise.resolve();
      if (conn.user) audit({ action: 'logout', username: conn.user.username, remote });
      void done.then(resolveClosed);
    });
  });

  // Sockets are accepted here, counted and timed, and only then handed to ssh2.
  const tcp = guard.listener((socket) => server.injectSocket(socket));
  const port = await new Promise<number>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host ?? '127.0.0.1', () => {
      tcp.off('error', reject);
      const address = tcp.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  tcp.on('error', (err: Error) => logger.error({ err }, 'sftp server error'));
  server.on('error', (err: Error) => logger.error({ err }, 'sftp server error'));
  logger.info({ port, hostKey: hostKey.publicKey }, 'hosted sftp listening');

  return {
    port,
    async close(): Promise<void> {
      clearInterval(tidyTimer);
      const stopped = new Promise<void>((resolve) => tcp.close(() => resolve()));
      guard.close();
      const connections = [...live];
      // Requests under way finish first (an upload being recorded is answered), then sessions end.
      await Promise.allSettled(connections.map((c) => c.session?.drain()));
      for (const c of connections) c.client.end();
      await Promise.allSettled(connections.map((c) => c.closed));
      await stopped;
    },
  };
}

/**
 * Connections before login: at most `maxConnections` in all and `maxConnectionsPerAddress` from
 * one address (more are closed at once), and each is closed unless it logs in within the grace
 * time. Without these, sockets that never log in (a flood, or a scanner) were held until the idle
 * timeout, until the process ran out of file descriptors — and with it the whole gateway. Once
 * logged in, a connection counts against its user's maxSessions instead.
 */
function connectionGuard(options: SftpServerOptions, logger: Logger) {
  const graceMs = options.loginGraceMs ?? DEFAULT_LOGIN_GRACE_MS;
  const maxAll = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxPerAddress = options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  /** Connections not logged in yet, by ip|port, with the timer that drops them. */
  const waiting = new Map<string, { socket: Socket; ip: string; grace: NodeJS.Timeout }>();
  const perAddress = new Map<string, number>();
  const keyOf = (ip: string | undefined, port: number | undefined) => `${ip}|${port}`;
  /** No longer counted as waiting for its login: logged in, or gone. */
  const settle = (key: string) => {
    const w = waiting.get(key);
    if (!w) return;
    clearTimeout(w.grace);
    waiting.delete(key);
    const n = (perAddress.get(w.ip) ?? 1) - 1;
    if (n > 0) perAddress.set(w.ip, n);
    else perAddress.delete(w.ip);
  };
  return {
    listener(accept: (socket: Socket) => void): NetServer {
      return createServer((socket) => {
        const ip = socket.remoteAddress ?? '';
        const fromIp = perAddress.get(ip) ?? 0;
        if (waiting.size >= maxAll || fromIp >= maxPerAddress) {
          logger.warn(
            { remote: ip, waiting: waiting.size, fromAddress: fromIp },
            'sftp connection refused: too many not logged in',
          );
          socket.destroy();
          return;
        }
        const key = keyOf(ip, socket.remotePort);
        const grace = setTimeout(() => {
          logger.info({ remote: ip }, 'sftp connection closed: no login within the grace time');
          socket.destroy();
        }, graceMs);
        grace.unref();
        waiting.set(key, { socket, ip, grace });
        perAddress.set(ip, fromIp + 1);
        socket.once('close', () => settle(key));
        accept(socket);
      });
    },
    /** The connection from ip:port logged in: no grace time, no longer counted here. */
    loggedIn(ip: string, port: number): void {
      settle(keyOf(ip, port));
    },
    /** Drop the connections still waiting for their login (the server is closing). */
    close(): void {
      for (const w of [...waiting.values()]) w.socket.destroy();
    },
  };
}
