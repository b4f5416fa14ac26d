// One SFTP subsystem session: the SFTP v3 requests OpenSSH's `sftp` client needs, each resolved
// through the jail and the folder rules before the filesystem is touched.
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { link, lstat, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { FileEntry, SFTPWrapper } from 'ssh2';
import { utils } from 'ssh2';
import { DocksideError } from '../../canonical/errors';
import type { JailPath } from './jail';
import { hostPath, lstatInJail, parentOf, resolveClientPath } from './jail';
import { longName, toAttrs } from './sftp-attrs';
import { intakeError } from './sftp-error-codes';
import { HOME_FOLDERS, checkAccess, isHiddenName } from './sftp-permissions';
import { noSuchFile, statusFor } from './sftp-status';
import type { SftpAuditEvent, SftpServerOptions, SftpUser, UploadInfo } from './sftp-types';
import { isTempName } from './dropzone-temp-names';
import { Upload } from './sftp-upload';

const STATUS = utils.sftp.STATUS_CODE;
const MODE = utils.sftp.OPEN_MODE;
// Short reads are legal in SFTP; capping them bounds the memory one request can make us allocate.
const MAX_READ_BYTES = 64 * 1024;
// Names per READDIR reply: keeps each reply well under the 256 KiB packet limit of OpenSSH clients.
const NAMES_PER_REPLY = 100;

/** What a session needs from the server that owns it. */
export interface SessionContext {
  user: SftpUser;
  remote: string;
  preUpload?: SftpServerOptions['preUpload'];
  onUpload: SftpServerOptions['onUpload'];
  audit: (event: SftpAuditEvent) => void;
  logger: Logger;
  /** Called on every request, to reset the idle timer. */
  onActivity: () => void;
}

type OpenHandle =
  | { kind: 'dir'; path: JailPath; entries?: FileEntry[] }
  | { kind: 'read'; path: JailPath; fd: FileHandle; sent: number }
  | { kind: 'upload'; path: JailPath; upload: Upload };

/** Serves one SFTP channel for an authenticated user; `dispose` discards unfinished uploads. */
export class SftpSession {
  private readonly handles = new Map<string, OpenHandle>();
  private readonly inFlight = new Set<Promise<void>>();
  // An error is audited once even when several requests fail with it (every WRITE after an over-size one).
  private readonly audited = new WeakSet<object>();
  private nextHandle = 1;
  private closing = false;
  private disposed: Promise<void> | undefined;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly ctx: SessionContext,
  ) {
    sftp.on('REALPATH', (id, p) => this.run(id, 'realpath', p, () => this.realpath(id, p)));
    sftp.on('STAT', (id, p) => this.run(id, 'stat', p, () => this.stat(id, p)));
    sftp.on('LSTAT', (id, p) => this.run(id, 'stat', p, () => this.stat(id, p)));
    sftp.on('FSTAT', (id, h) => this.run(id, 'fstat', '', () => this.fstat(id, h)));
    sftp.on('OPENDIR', (id, p) => this.run(id, 'opendir', p, () => this.opendir(id, p)));
    sftp.on('READDIR', (id, h) => this.run(id, 'readdir', '', () => this.readdir(id, h)));
    sftp.on('OPEN', (id, p, flags) => this.run(id, 'open', p, () => this.open(id, p, flags)));
    sftp.on('READ', (id, h, offset, len) =>
      this.run(id, 'read', '', () => this.read(id, h, Number(offset), len)),
    );
    sftp.on('WRITE', (id, h, offset, data) =>
      this.run(id, 'write', '', () => this.write(id, h, Number(offset), data)),
    );
    sftp.on('CLOSE', (id, h) => this.run(id, 'close', '', () => this.close(id, h)));
    sftp.on('REMOVE', (id, p) => this.run(id, 'remove', p, () => this.remove(id, p)));
    sftp.on('RENAME', (id, from, to) =>
      this.run(id, 'rename', `${from} -> ${to}`, () => this.rename(id, from, to)),
    );
    sftp.on('SETSTAT', (id, p) => this.run(id, 'setstat', p, () => this.setstat(id, p)));
    sftp.on('FSETSTAT', (id, h) =>
      this.run(id, 'fsetstat', '', async () => {
        this.handle(h); // accepted and ignored, like SETSTAT, once the handle is known
        this.ok(id);
      }),
    );
    for (const op of ['MKDIR', 'RMDIR', 'SYMLINK', 'READLINK'] as const)
      sftp.on(op as 'MKDIR', (id: number, p: string) =>
        this.run(id, op.toLowerCase(), p, async () => {
          throw intakeError('DS_INTAKE_PERMISSION_DENIED', `${op.toLowerCase()} is not allowed`, { path: p });
        }),
      );
  }

  /** True while a request is being served (the idle timer must not cut an `onUpload` short). */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Refuse new requests and wait for the ones being served. */
  async drain(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Close every handle; uploads not yet closed by the client are discarded (part file removed). */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      this.closing = true;
      const open = [...this.handles.values()];
      this.handles.clear();
      await Promise.allSettled(
        open.map(async (h) => {
          if (h.kind === 'read') await h.fd.close();
          if (h.kind === 'upload') {
            await h.upload.discard();
            this.audit(
              'upload-discarded',
              `DS_INTAKE_UPLOAD_INCOMPLETE: ${h.path.virtual} after ${h.upload.received} bytes`,
            );
          }
        }),
      );
    })();
    return this.disposed;
  }

  private run(id: number, op: string, subject: string, serve: () => Promise<void>): void {
    this.ctx.onActivity();
    if (this.closing) {
      this.reply(() => this.sftp.status(id, STATUS.FAILURE, 'server is shutting down'));
      return;
    }
    const task: Promise<void> = serve()
      .catch((err: unknown) => this.fail(id, op, subject, err))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private fail(id: number, op: string, subject: string, err: unknown): void {
    const status = statusFor(err);
    if (err instanceof DocksideError && !this.audited.has(err)) {
      this.audited.add(err);
      const uploadFailure =
        err.code === 'DS_INTAKE_FILE_TOO_LARGE' || err.code === 'DS_INTAKE_UPLOAD_RECORD_FAILED';
      const where = subject || String(err.context.path ?? err.context.name ?? '');
      this.audit(uploadFailure ? 'upload-failed' : 'denied', `${err.code}: ${op} ${where}`);
      this.ctx.logger.warn({ code: err.code, op, path: where }, err.message);
    } else if (!(err instanceof DocksideError) && status.code === STATUS.FAILURE) {
      this.ctx.logger.error({ err, op }, 'sftp request failed');
    }
    this.reply(() => this.sftp.status(id, status.code, status.message));
  }

  // The channel may be gone by the time a slow request finishes; there is nobody left to answer.
  private reply(send: () => void): void {
    try {
      send();
    } catch (err) {
      this.ctx.logger.debug({ err }, 'sftp reply after channel close');
    }
  }

  private ok(id: number): void {
    this.reply(() => this.sftp.status(id, STATUS.OK));
  }

  private audit(action: SftpAuditEvent['action'], detail: string): void {
    this.ctx.audit({ action, username: this.ctx.user.username, remote: this.ctx.remote, detail });
  }

  private newHandle(h: OpenHandle): Buffer {
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(this.nextHandle++);
    this.handles.set(buf.toString('hex'), h);
    return buf;
  }

  private handle(buf: Buffer): OpenHandle {
    const h = this.handles.get(buf.toString('hex'));
    if (!h) throw intakeError('DS_INTAKE_INVALID_HANDLE', 'invalid handle');
    return h;
  }

  private handleOf<K extends OpenHandle['kind']>(buf: Buffer, kind: K): Extract<OpenHandle, { kind: K }> {
    const h = this.handle(buf);
    if (h.kind !== kind) throw intakeError('DS_INTAKE_INVALID_HANDLE', `handle is not a ${kind} handle`);
    return h as Extract<OpenHandle, { kind: K }>;
  }

  private async existing(path: JailPath): Promise<Stats> {
    const st = await lstatInJail(this.ctx.user.home, path);
    if (!st) throw noSuchFile();
    return st;
  }

  private async realpath(id: number, clientPath: string): Promise<void> {
    const path = resolveClientPath(clientPath);
    checkAccess(path, 'stat');
    await lstatInJail(this.ctx.user.home, path);
    this.reply(() =>
      this.sftp.name(id, [{ filename: path.virtual, longname: path.virtual, attrs: {} as never }]),
    );
  }

  private async stat(id: number, clientPath: string): Promise<void> {
    const path = resolveClientPath(clientPath);
    checkAccess(path, 'stat');
    const st = await this.existing(path);
    this.reply(() => this.sftp.attrs(id, toAttrs(st)));
  }

  private async fstat(id: number, buf: Buffer): Promise<void> {
    const h = this.handle(buf);
    const st =
      h.kind === 'read' ? await h.fd.stat() : h.kind === 'dir' ? await this.existing(h.path) : undefined;
    if (h.kind === 'upload') {
      // The part file's name is the server's business: report the bytes received under the client's name.
      this.reply(() => this.sftp.attrs(id, { size: h.upload.received, mode: 0o100640 } as never));
      return;
    }
    if (st) this.reply(() => this.sftp.attrs(id, toAttrs(st)));
  }

  private async opendir(id: number, clientPath: string): Promise<void> {
    const path = resolveClientPath(clientPath);
    checkAccess(path, 'list');
    const st = await this.existing(path);
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const handle = this.newHandle({ kind: 'dir', path });
    this.reply(() => this.sftp.handle(id, handle));
  }

  private async readdir(id: number, buf: Buffer): Promise<void> {
    const h = this.handleOf(buf, 'dir');
    h.entries ??= await this.list(h.path);
    if (h.entries.length === 0) {
      this.reply(() => this.sftp.status(id, STATUS.EOF));
      return;
    }
    const batch = h.entries.splice(0, NAMES_PER_REPLY);
    this.reply(() => this.sftp.name(id, batch));
  }

  private async list(path: JailPath): Promise<FileEntry[]> {
    const dir = hostPath(this.ctx.user.home, path);
    // The root shows exactly the two folders, whatever else the operator keeps in the home.
    const names =
      path.segments.length === 0
        ? [...HOME_FOLDERS]
        : (await readdir(dir)).filter((name) => !isHiddenName(name)).sort();
    const entries: FileEntry[] = [];
    for (const name of names) {
      const st = await lstat(join(dir, name)).catch(() => undefined);
      if (!st || (path.segments.length === 0 && !st.isDirectory())) continue;
      entries.push({
        filename: name,
        longname: longName(name, st, this.ctx.user.username),
        attrs: toAttrs(st),
      });
    }
    return entries;
  }

  private async open(id: number, clientPath: string, flags: number): Promise<void> {
    const path = resolveClientPath(clientPath);
    const handle = flags & MODE.WRITE ? await this.openUpload(path, flags) : await this.openRead(path, flags);
    this.reply(() => this.sftp.handle(id, handle));
  }

  private async openUpload(path: JailPath, flags: number): Promise<Buffer> {
    checkAccess(path, 'upload');
    if (flags & (MODE.READ | MODE.APPEND))
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'uploads are write-only and start from scratch', {
        path: path.virtual,
      });
    const { home } = this.ctx.user;
    const folder = await this.existing(parentOf(path));
    if (!folder.isDirectory()) throw noSuchFile();
    const target = await lstatInJail(home, path);
    if (target && (flags & MODE.EXCL || !target.isFile()))
      throw intakeError('DS_INTAKE_TARGET_EXISTS', 'file exists', { path: path.virtual });
    const reason = this.ctx.preUpload?.(this.ctx.user, path.virtual);
    if (reason !== undefined)
      throw intakeError('DS_INTAKE_UPLOAD_DENIED', `upload refused: ${reason}`, { path: path.virtual });
    const upload = await Upload.start(
      hostPath(home, parentOf(path)),
      path.segments[1],
      this.ctx.user.maxFileSizeBytes,
    );
    return this.newHandle({ kind: 'upload', path, upload });
  }

  private async openRead(path: JailPath, flags: number): Promise<Buffer> {
    if (!(flags & MODE.READ))
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'open needs read or write access', {
        path: path.virtual,
      });
    checkAccess(path, 'read');
    const st = await this.existing(path);
    if (!st.isFile())
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'not a regular file', { path: path.virtual });
    // O_NOFOLLOW: a link swapped in after the lstat checks still cannot be opened through.
    const fd = await open(hostPath(this.ctx.user.home, path), constants.O_RDONLY | constants.O_NOFOLLOW);
    return this.newHandle({ kind: 'read', path, fd, sent: 0 });
  }

  private async read(id: number, buf: Buffer, offset: number, len: number): Promise<void> {
    const h = this.handleOf(buf, 'read');
    const chunk = Buffer.allocUnsafe(Math.min(len, MAX_READ_BYTES));
    const { bytesRead } = await h.fd.read(chunk, 0, chunk.length, offset);
    if (bytesRead === 0) {
      this.reply(() => this.sftp.status(id, STATUS.EOF));
      return;
    }
    h.sent += bytesRead;
    this.reply(() => this.sftp.data(id, chunk.subarray(0, bytesRead)));
  }

  private async write(id: number, buf: Buffer, offset: number, data: Buffer): Promise<void> {
    const h = this.handleOf(buf, 'upload');
    await h.upload.write(offset, data);
    this.ok(id);
  }

  private async close(id: number, buf: Buffer): Promise<void> {
    const h = this.handle(buf);
    // Forget the handle first: a session ending now must not discard an upload being put in place.
    this.handles.delete(buf.toString('hex'));
    if (h.kind === 'read') {
      await h.fd.close();
      this.audit('download', `${h.path.virtual} ${h.sent} bytes`);
    } else if (h.kind === 'upload') {
      const info = await h.upload.finish();
      // A temporary name (x.filepart, x.tmp: WinSCP and others upload so, then rename): the file
      // is complete only once renamed to its final name, and is recorded then.
      if (isTempName(info.name))
        this.audit('upload', `/${h.path.segments[0]}/${info.name} ${info.size} bytes (temporary)`);
      else await this.record(info, h.path.virtual);
    }
    this.ok(id);
  }

  /** Hand a complete upload to the pipeline; not recorded, it is taken back (a retry starts clean). */
  private async record(info: UploadInfo, virtual: string): Promise<void> {
    try {
      await this.ctx.onUpload(this.ctx.user, info);
    } catch (err) {
      await unlink(info.path).catch(() => undefined);
      this.ctx.logger.error({ err, path: info.path }, 'upload could not be recorded');
      throw intakeError('DS_INTAKE_UPLOAD_RECORD_FAILED', 'upload could not be recorded, try again', {
        path: virtual,
        cause: err instanceof Error ? err.message : String(err),
      });
    }
    this.audit('upload', `${virtual.slice(0, virtual.lastIndexOf('/') + 1)}${info.name} ${info.size} bytes`);
    this.ctx.logger.info({ file: info.name, size: info.size }, 'upload received');
  }

  private async remove(id: number, clientPath: string): Promise<void> {
    const path = resolveClientPath(clientPath);
    checkAccess(path, 'remove');
    const st = await this.existing(path);
    if (!st.isFile())
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'only files can be removed', { path: path.virtual });
    await unlink(hostPath(this.ctx.user.home, path));
    this.audit('remove', path.virtual);
    this.ok(id);
  }

  private async rename(id: number, fromPath: string, toPath: string): Promise<void> {
    const from = resolveClientPath(fromPath);
    const to = resolveClientPath(toPath);
    checkAccess(from, 'rename');
    checkAccess(to, 'rename');
    // Only a temporary upload is renamed, to its final name (which records it): any other file in
    // inbound/ is being recorded, and renaming it under the gateway's feet lost it.
    if (!isTempName(from.segments[1]) || isTempName(to.segments[1]))
      throw intakeError(
        'DS_INTAKE_PERMISSION_DENIED',
        'only a temporary upload (.filepart, .part, .tmp) can be renamed, to its final name',
        { path: from.virtual },
      );
    const reason = this.ctx.preUpload?.(this.ctx.user, to.virtual);
    if (reason !== undefined)
      throw intakeError('DS_INTAKE_UPLOAD_DENIED', `upload refused: ${reason}`, { path: to.virtual });
    const st = await this.existing(from);
    if (!st.isFile())
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'only files can be renamed', { path: from.virtual });
    if (await lstatInJail(this.ctx.user.home, to))
      throw intakeError('DS_INTAKE_TARGET_EXISTS', 'rename target exists', { path: to.virtual });
    const { home } = this.ctx.user;
    // link + unlink: atomic refusal when the target appeared meanwhile, where rename() would overwrite.
    await link(hostPath(home, from), hostPath(home, to)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST')
        throw intakeError('DS_INTAKE_TARGET_EXISTS', 'rename target exists', { path: to.virtual });
      throw err;
    });
    await unlink(hostPath(home, from));
    this.audit('rename', `${from.virtual} -> ${to.virtual}`);
    await this.record({ path: hostPath(home, to), name: to.segments[1], size: st.size }, to.virtual);
    this.ok(id);
  }

  private async setstat(id: number, clientPath: string): Promise<void> {
    // Accepted and ignored: `put` sends it for times and modes, which the gateway does not keep.
    const path = resolveClientPath(clientPath);
    checkAccess(path, 'stat');
    await this.existing(path);
    this.ok(id);
  }
}
