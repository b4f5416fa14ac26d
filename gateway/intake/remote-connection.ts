// Opening an SFTP session to a partner's server with ssh2-sftp-client, shared by the poller and
// the push client: credentials, optional host-key pinning, and error events that never reach
// `process` as an uncaught 'error'.
import { createHash } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';

/** How to reach and log in to a partner's SFTP server. */
export interface RemoteConnect {
  host: string;
  port: number;
  username: string;
  /** PEM/OpenSSH private key (the profile's secret reference, already resolved). */
  privateKey?: Buffer | string;
  passphrase?: string;
  password?: string;
  /**
   * Pins the server's host key: the `SHA256:…` fingerprint that `ssh-keygen -lf` prints. Without it
   * any host key is accepted, which a man in the middle could exploit: set it for real partners.
   */
  hostKeySha256?: string;
  /** Milliseconds to wait for the SSH handshake. Default 10,000. */
  readyTimeoutMs?: number;
  /**
   * SSH keepalives this far apart (default 10,000 ms); three unanswered drop the connection. A
   * server that stops answering (a firewall that forgot the connection) otherwise held a poll,
   * and the partner's every later poll behind it, forever: SFTP requests have no timeout.
   */
  keepaliveMs?: number;
}

const KEEPALIVES_UNANSWERED = 3;
const DEFAULT_KEEPALIVE_MS = 10_000;

/** An open session; `lost` turns true once the connection dropped, so callers stop issuing requests. */
export interface RemoteSession {
  client: SftpClient;
  readonly lost: boolean;
  close(): Promise<void>;
  /** Drop the connection at once (its requests then fail): for a server that stopped answering. */
  cut(): void;
}

/** The OpenSSH-style fingerprint (`SHA256:<base64, no padding>`) of a raw host key. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Throws DS_INTAKE_REMOTE_CONFIG_INVALID when the settings cannot possibly log in. */
export function checkRemoteConnect(connect: RemoteConnect, context: Record<string, unknown>): void {
  if (!connect.host || !connect.username || !Number.isInteger(connect.port) || connect.port <= 0) {
    throw new DocksideError(
      'DS_INTAKE_REMOTE_CONFIG_INVALID',
      'remote SFTP needs host, port and username',
      context,
    );
  }
  if (connect.privateKey === undefined && connect.password === undefined) {
    throw new DocksideError(
      'DS_INTAKE_REMOTE_CONFIG_INVALID',
      'remote SFTP needs a privateKey or a password',
      context,
    );
  }
}

/**
 * Connects and opens the SFTP subsystem. Fails with a retryable DS_INTAKE_REMOTE_CONNECT_FAILED
 * (or DS_INTAKE_REMOTE_HOST_KEY_MISMATCH), never with a raw ssh2 error.
 */
export async function openRemoteSession(
  connect: RemoteConnect,
  log: Logger,
  context: Record<string, unknown>,
): Promise<RemoteSession> {
  let lost = false;
  let hostKeyRejected = false;
  // The library's default global listeners print to the console; ours log, and mark the session
  // lost so a poll stops at once instead of failing file after file.
  const client = new SftpClient('dockside', {
    error: (err) => {
      lost = true;
      log.debug({ err }, 'remote sftp: connection error');
    },
    end: () => {
      lost = true;
    },
    close: () => {
      lost = true;
    },
  });
  const target = `${connect.username}@${connect.host}:${connect.port}`;
  try {
    await client.connect({
      host: connect.host,
      port: connect.port,
      username: connect.username,
      privateKey: connect.privateKey,
      passphrase: connect.passphrase,
      password: connect.password,
      readyTimeout: connect.readyTimeoutMs ?? 10_000,
      keepaliveInterval: connect.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVES_UNANSWERED,
      hostVerifier: connect.hostKeySha256
        ? (key: Buffer) => {
            hostKeyRejected = hostKeyFingerprint(key) !== connect.hostKeySha256;
            return !hostKeyRejected;
          }
        : undefined,
    });
  } catch (err) {
    await client.end().catch(() => undefined);
    if (hostKeyRejected) {
      throw new DocksideError(
        'DS_INTAKE_REMOTE_HOST_KEY_MISMATCH',
        `host key of ${target} does not match ${connect.hostKeySha256}`,
        context,
        true,
      );
    }
    throw new DocksideError(
      'DS_INTAKE_REMOTE_CONNECT_FAILED',
      `cannot connect to ${target}: ${err instanceof Error ? err.message : String(err)}`,
      context,
      true,
    );
  }
  const cut = () => {
    lost = true;
    (client as unknown as { client?: { destroy(): void } }).client?.destroy();
  };
  return {
    client,
    get lost() {
      return lost;
    },
    cut,
    async close() {
      lost = true;
      // Ending an already dropped session rejects; there is nothing left to close then. A server
      // that does not answer never acknowledges the end either: the connection is cut after a while.
      let timer: NodeJS.Timeout | undefined;
      const ended = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          cut();
          resolve();
        }, connect.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
      });
      await Promise.race([client.end().catch(() => undefined), ended]);
      clearTimeout(timer);
    },
  };
}
