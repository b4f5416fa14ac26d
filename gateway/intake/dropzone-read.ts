// Reading a drop-zone file for its hand-over. Between the watcher's lstat and the read, anyone who
// can write the folder can put something else under the name: a symlink to a file outside the
// zone (read and recorded as the partner's) or a FIFO (an open that blocks forever, holding one
// of the few threads Node does file I/O on). The file is opened without following a link and
// without blocking, and the open file itself must be the regular file that was looked at.
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { DocksideError } from '../../canonical/errors';
import { readUpTo } from '../read-up-to';

/**
 * The bytes of the regular file `looked` described at `path`; undefined when something else is
 * there now, or it changed since. At most `looked.size` bytes are read (a file that grows while
 * read is caught by the size check after its hand-over); a file over `maxBytes` is refused
 * without being read.
 */
export async function readDroppedFile(
  path: string,
  looked: Stats,
  maxBytes: number,
): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    // ELOOP: a symlink now; ENOENT: gone; ENXIO: a socket.
    if (['ELOOP', 'ENOENT', 'ENXIO'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
  try {
    const now = await handle.stat();
    // The inode alone is not enough: a file deleted and another written may get the same one.
    const same =
      now.isFile() &&
      now.ino === looked.ino &&
      now.dev === looked.dev &&
      now.size === looked.size &&
      now.mtimeMs === looked.mtimeMs;
    if (!same) return undefined;
    if (now.size > maxBytes) {
      throw new DocksideError(
        'DS_INTAKE_DROPZONE_TOO_LARGE',
        `${now.size} bytes is over the partner's limit of ${maxBytes} (limits.maxFileSizeBytes)`,
        { path, size: now.size, maxBytes },
      );
    }
    const bytes = await readUpTo(handle, looked.size);
    // Written to while read: not recorded now (both versions would be), looked at again.
    const after = await handle.stat();
    if (bytes.length !== looked.size || after.size !== looked.size || after.mtimeMs !== looked.mtimeMs)
      return undefined;
    return bytes;
  } finally {
    await handle.close();
  }
}
