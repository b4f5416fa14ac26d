// Raw files, content-addressed: `<home>/blobs/ab/cd/<sha256>`. Bytes are stored before anything
// else happens to a file, so every later stage can be replayed from the blob.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs, type ReadStream } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { DocksideError } from '../../canonical/errors';

/** Where a stored blob is and what it is. */
export interface BlobRef {
  sha256: string;
  size: number;
  path: string;
}

/** Content-addressed storage of raw files. */
export interface BlobStore {
  /** Store bytes (idempotent: the same bytes twice give the same ref and one file). */
  putBlob(source: Buffer | Readable): Promise<BlobRef>;
  /** The bytes of a blob; DS_STORE_BLOB_NOT_FOUND when absent. */
  getBlob(sha256: string): Promise<Buffer>;
  /** A read stream over a blob, for large files; DS_STORE_BLOB_NOT_FOUND when absent. */
  openBlob(sha256: string): Promise<ReadStream>;
  /** Whether a blob exists. */
  hasBlob(sha256: string): Promise<boolean>;
  /** The path a blob has (or would have). */
  blobPath(sha256: string): string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A blob store rooted at `root` (the gateway uses `<home>/blobs`). */
export function fileBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, 'tmp');

  function blobPath(sha256: string): string {
    // The hash becomes a path: anything but 64 hex digits could walk out of the root.
    if (!SHA256_HEX.test(sha256)) {
      throw new DocksideError(
        'DS_STORE_BLOB_BAD_HASH',
        `not a sha256: ${JSON.stringify(sha256.slice(0, 80))}`,
      );
    }
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  // Folders known to exist: creating them again on every put costs a system call each.
  let tmpReady: Promise<unknown> | undefined;

  async function putBlob(source: Buffer | Readable): Promise<BlobRef> {
    await (tmpReady ??= fs.mkdir(tmpDir, { recursive: true }).catch((err: unknown) => {
      tmpReady = undefined;
      throw err;
    }));
    const temp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const handle = await fs.open(temp, 'wx', 0o640).catch(async (err: NodeJS.ErrnoException) => {
        // The temp folder was removed since it was made: make it again.
        if (err.code !== 'ENOENT') throw err;
        await fs.mkdir(tmpDir, { recursive: true });
        return fs.open(temp, 'wx', 0o640);
      });
      try {
        if (Buffer.isBuffer(source)) {
          hash.update(source);
          size = source.length;
          await handle.writeFile(source);
        } else {
          for await (const chunk of source) {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
            hash.update(buf);
            size += buf.length;
            await handle.write(buf);
          }
        }
        // Durable before it gets its final name: a crash never leaves a short blob under a hash.
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      const final = blobPath(sha256);
      if (await exists(final)) {
        await fs.rm(temp, { force: true });
        return { sha256, size, path: final };
      }
      // rename() replaces atomically; a concurrent put of the same bytes writes the same content.
      // The fan-out folder usually exists: create it only when the rename says it is missing.
      await fs.rename(temp, final).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await fs.mkdir(path.dirname(final), { recursive: true });
        await fs.rename(temp, final);
      });
      await syncDir(path.dirname(final));
      return { sha256, size, path: final };
    } catch (err) {
      await fs.rm(temp, { force: true });
      if (err instanceof DocksideError) throw err;
      throw new DocksideError('DS_STORE_BLOB_WRITE_FAILED', `cannot store a blob: ${String(err)}`, {}, true);
    }
  }

  async function getBlob(sha256: string): Promise<Buffer> {
    const p = blobPath(sha256);
    try {
      return await fs.readFile(p);
    } catch (err) {
      throw notFound(sha256, err);
    }
  }

  async function openBlob(sha256: string): Promise<ReadStream> {
    const p = blobPath(sha256);
    try {
      const handle = await fs.open(p, 'r');
      return handle.createReadStream();
    } catch (err) {
      throw notFound(sha256, err);
    }
  }

  return {
    putBlob,
    getBlob,
    openBlob,
    hasBlob: (sha256) => exists(blobPath(sha256)),
    blobPath,
  };
}

function notFound(sha256: string, err: unknown): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new DocksideError('DS_STORE_BLOB_NOT_FOUND', `no blob ${sha256}`, { sha256 });
  }
  return err as Error;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

// The rename is only durable once the directory entry is: fsync the folder.
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
