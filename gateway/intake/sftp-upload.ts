// One upload in progress (SFTPGo's atomic upload): bytes go to a hidden `.<name>.<id>.part` file and
// only a completed, fsynced file is linked into place under its final name, so no reader (the
// pipeline, the drop-zone watcher) ever sees a partial file.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isTempName } from './dropzone-temp-names';
import { intakeError } from './sftp-error-codes';
import type { UploadInfo } from './sftp-types';

const PART = /^\..+\.[0-9a-f]{12}\.part$/;

/** The hidden name an upload of `name` is written to; unique so two sessions never share one. */
export function partName(name: string): string {
  return `.${name}.${randomBytes(6).toString('hex')}.part`;
}

/** `po.edi` → `po-1.edi`, `po-2.edi`, …: the names tried when `po.edi` is already taken. */
export function suffixedName(name: string, n: number): string {
  const ext = extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  return `${stem}-${n}${ext === name ? '' : ext}`;
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/**
 * Give `from` the name `name` in `dir` without ever replacing an existing file: link() fails with
 * EEXIST atomically, where rename() would silently overwrite. Returns the name taken.
 */
export async function linkNoClobber(from: string, dir: string, name: string): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const candidate = n === 0 ? name : suffixedName(name, n);
    try {
      await link(from, join(dir, candidate));
      await unlink(from);
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // Filesystems without hard links: check-then-rename, racy only against another writer.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        const taken = await stat(join(dir, candidate)).then(
          () => true,
          () => false,
        );
        if (taken) continue;
        await rename(from, join(dir, candidate));
        return candidate;
      }
      throw err;
    }
  }
  throw intakeError('DS_INTAKE_TARGET_EXISTS', `too many files named like ${name}`, { name });
}

/** An upload being written; `finish` puts it in place, `discard` removes every trace of it. */
export class Upload {
  private size = 0;
  private failure: Error | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private fd: FileHandle | undefined;

  private constructor(
    readonly dir: string,
    readonly name: string,
    readonly partPath: string,
    fd: FileHandle,
    private readonly maxBytes: number | undefined,
  ) {
    this.fd = fd;
  }

  /** Create the hidden part file for `name` in `dir` (never following a link, never reusing a file). */
  static async start(dir: string, name: string, maxBytes?: number): Promise<Upload> {
    const partPath = join(dir, partName(name));
    const fd = await open(
      partPath,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o640,
    );
    return new Upload(dir, name, partPath, fd, maxBytes);
  }

  /** Write at `offset`; past the size limit the part file is removed and DS_INTAKE_FILE_TOO_LARGE thrown. */
  async write(offset: number, data: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const end = offset + data.length;
    if (this.maxBytes !== undefined && end > this.maxBytes) {
      this.failure = intakeError('DS_INTAKE_FILE_TOO_LARGE', `file is larger than ${this.maxBytes} bytes`, {
        name: this.name,
        maxBytes: this.maxBytes,
      });
      await this.discard();
      throw this.failure;
    }
    const fd = this.fd;
    if (!fd) throw this.failure ?? intakeError('DS_INTAKE_INVALID_HANDLE', 'upload is closed');
    // SFTP clients pipeline many WRITEs: positional writes may run concurrently and in any order.
    const pending = fd.write(data, 0, data.length, offset);
    this.inFlight.add(pending);
    try {
      await pending;
    } finally {
      this.inFlight.delete(pending);
    }
    if (end > this.size) this.size = end;
  }

  /** Flush, fsync and link into place under `name` (or a suffixed name); the part file is gone after. */
  async finish(): Promise<UploadInfo> {
    await Promise.allSettled([...this.inFlight]);
    if (this.failure) throw this.failure;
    const fd = this.fd;
    if (!fd) throw intakeError('DS_INTAKE_INVALID_HANDLE', 'upload is closed');
    this.fd = undefined;
    let size: number;
    try {
      await fd.sync();
      size = (await fd.stat()).size;
    } finally {
      await fd.close();
    }
    try {
      const name = await linkNoClobber(this.partPath, this.dir, this.name);
      // The new directory entry must survive a crash before anyone is told the file arrived.
      await fsyncDir(this.dir);
      return { path: join(this.dir, name), name, size };
    } catch (err) {
      await unlink(this.partPath).catch(() => undefined);
      throw err;
    }
  }

  /** Close and remove the part file (connection dropped, size limit, server stopping). Idempotent. */
  async discard(): Promise<void> {
    this.failure ??= intakeError('DS_INTAKE_UPLOAD_INCOMPLETE', 'upload was not completed', {
      name: this.name,
    });
    await Promise.allSettled([...this.inFlight]);
    const fd = this.fd;
    this.fd = undefined;
    if (fd) await fd.close().catch(() => undefined);
    await unlink(this.partPath).catch(() => undefined);
  }

  /** Bytes received so far (the highest offset written). */
  get received(): number {
    return this.size;
  }
}

/**
 * One look at an inbound folder for what no session will finish, older than `olderThanMs` (a
 * younger one may belong to a live session, of another gateway sharing the folder too): part
 * files of a process that died mid-upload are removed (`removed`: their names); uploads under a
 * temporary name (x.tmp, x.filepart) no client renamed are complete files, returned to be recorded
 * under that name rather than lost (`unrenamed`) — a partner may well call a final file report.tmp.
 */
export async function staleUploads(
  dir: string,
  olderThanMs: number,
  now = Date.now(),
): Promise<{ removed: string[]; unrenamed: UploadInfo[] }> {
  const removed: string[] = [];
  const unrenamed: UploadInfo[] = [];
  for (const found of await olderThan(dir, olderThanMs, now, isTempName)) {
    if (!PART.test(found.name)) {
      if (!found.name.startsWith('.')) unrenamed.push(found);
      continue;
    }
    await unlink(found.path).catch(() => undefined);
    removed.push(found.name);
  }
  return { removed, unrenamed };
}

async function olderThan(
  dir: string,
  olderThanMs: number,
  now: number,
  wanted: (name: string) => boolean,
): Promise<{ name: string; path: string; size: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { name: string; path: string; size: number }[] = [];
  for (const name of names.filter(wanted)) {
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    if (st?.isFile() && now - st.mtimeMs > olderThanMs) out.push({ name, path, size: st.size });
  }
  return out;
}
