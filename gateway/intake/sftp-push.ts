// Pushes an outbound file (an ack, a document) to a partner's own SFTP server, for partners that
// want files pushed rather than fetched from the hosted outbound/ folder.
import { posix } from 'node:path';
import pino, { type Logger } from 'pino';
import type SftpClient from 'ssh2-sftp-client';
import { DocksideError } from '../../canonical/errors';
import { isTempName } from './dropzone-temp-names';
import { checkRemoteConnect, openRemoteSession, type RemoteConnect } from './remote-connection';

/** How long a push may take once logged in, unless told otherwise. */
export const DEFAULT_PUSH_DEADLINE_MS = 30_000;

/** Options of {@link pushFile}. */
export interface PushFileOptions {
  connect: RemoteConnect;
  /** The partner's folder to deliver into. */
  remoteDir: string;
  name: string;
  content: Buffer;
  logger?: Logger;
  /**
   * Milliseconds the push may take once logged in (default 30 s): a server that answers SSH but
   * not SFTP requests would otherwise hold the push, and every ack queued behind it, forever.
   */
  deadlineMs?: number;
}

/** What a push did: `uploaded`, or `already-there` when the same name and size was found. */
export type PushOutcome = 'uploaded' | 'already-there';

/**
 * Uploads `content` as `remoteDir/name`: first to `.<name>.part`, then renamed, so the partner
 * never reads a partial file (their pollers skip dotfiles and `.part`). Idempotent: a file of the
 * same name and size already there counts as delivered (a retry after a lost reply). Failures are
 * retryable DocksideErrors except DS_INTAKE_PUSH_NAME_INVALID and DS_INTAKE_PUSH_NAME_TAKEN.
 */
export async function pushFile(options: PushFileOptions): Promise<PushOutcome> {
  const { connect, remoteDir, name, content } = options;
  const target = posix.join(remoteDir, name);
  const context = { host: connect.host, port: connect.port, remotePath: target };
  if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name) || isTempName(name)) {
    throw new DocksideError(
      'DS_INTAKE_PUSH_NAME_INVALID',
      `cannot push a file named ${JSON.stringify(name)}`,
      context,
    );
  }
  checkRemoteConnect(connect, context);
  const log = (options.logger ?? pino({ level: 'silent' })).child({ module: 'intake.sftp-push', ...context });
  const session = await openRemoteSession(connect, log, context);
  const { client } = session;
  const part = posix.join(remoteDir, `.${name}.part`);
  const upload = async (): Promise<PushOutcome> => {
    if (await sameSizeThere(client, target, content.length, context)) {
      log.info({ size: content.length }, 'push: already delivered');
      return 'already-there';
    }
    await client.put(content, part);
    try {
      await client.rename(part, target);
    } catch (err) {
      // The target may have appeared meanwhile (an earlier attempt whose reply was lost): the
      // check decides between "delivered" and a real conflict.
      if (await sameSizeThere(client, target, content.length, context)) {
        await client.delete(part, true);
        return 'already-there';
      }
      throw err;
    }
    log.info({ size: content.length }, 'push: delivered');
    return 'uploaded';
  };
  const ms = options.deadlineMs ?? DEFAULT_PUSH_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  const work = upload();
  // Failing after the deadline (the connection cut) is no one's to handle.
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          session.cut();
          reject(new Error(`no answer within ${ms} ms`));
        }, ms);
      }),
    ]);
  } catch (err) {
    if (err instanceof DocksideError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new DocksideError('DS_INTAKE_PUSH_FAILED', `push of ${name} failed: ${message}`, context, true);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

/**
 * True when `path` is a file of `size` bytes; false when absent. A file of another size is a
 * conflict: overwriting it could hand the partner a mix of two documents, so it is refused.
 */
async function sameSizeThere(
  client: SftpClient,
  path: string,
  size: number,
  context: Record<string, unknown>,
): Promise<boolean> {
  const kind = await client.exists(path);
  if (kind === false) return false;
  const stats = kind === '-' ? await client.stat(path) : undefined;
  if (stats && stats.size === size) return true;
  throw new DocksideError(
    'DS_INTAKE_PUSH_NAME_TAKEN',
    `${path} already exists with ${stats ? `${stats.size} bytes, not ${size}` : 'a non-file entry'}`,
    context,
  );
}
