// Reading a file opened by its caller without trusting its size: it may change between the stat
// and the read, and what is read must stay within what the caller checked.
import type { FileHandle } from 'node:fs/promises';

/** Up to `length` bytes from the start of `handle` (fewer when the file is shorter). */
export async function readUpTo(handle: FileHandle, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(bytes, read, length - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return bytes.subarray(0, read);
}
