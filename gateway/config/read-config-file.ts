// Reading one profile or mapping file: through symbolic links (a Kubernetes ConfigMap mount is all
// links), regular files only, and never a file too big to parse.
import { constants, Stats } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { readUpTo } from '../read-up-to';
import { ConfigErrorCode } from './error-codes';
import { ProfileError } from './yaml-source';

/**
 * The largest profile or mapping file read. Real ones are a few KiB; parsing YAML takes about
 * 100 times a file's size in memory (a 27 MB profile: 3 GB and half a minute).
 */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** The text of `file`, or the positioned error (at 1:1) that says why it cannot be used. Never throws. */
export async function readConfigFile(file: string): Promise<{ text: string } | { error: ProfileError }> {
  const fail = (message: string, code: ConfigErrorCode = 'DS_CONFIG_READ_FAILED') => ({
    error: { file, line: 1, column: 1, message, code },
  });
  try {
    // O_NONBLOCK: a FIFO named like a profile must not block the load until something writes to it.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return fail(`cannot read file: it is ${kindOf(stat)}, not a regular file`);
      if (stat.size > MAX_CONFIG_FILE_BYTES) {
        return fail(
          `file is ${stat.size} bytes, more than the ${MAX_CONFIG_FILE_BYTES} a profile or mapping may have`,
          'DS_CONFIG_FILE_TOO_LARGE',
        );
      }
      // At most one byte over the limit, whatever the file does after the stat.
      const bytes = await readUpTo(handle, MAX_CONFIG_FILE_BYTES + 1);
      if (bytes.length > MAX_CONFIG_FILE_BYTES) {
        return fail(
          `file grew past the ${MAX_CONFIG_FILE_BYTES} bytes a profile or mapping may have`,
          'DS_CONFIG_FILE_TOO_LARGE',
        );
      }
      return { text: bytes.toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    // The name was just listed in its folder, so a missing file is usually a link to nowhere.
    const target = reason === 'ENOENT' ? await readlink(file).catch(() => undefined) : undefined;
    if (target !== undefined) {
      return fail(`cannot read file: it is a symbolic link to ${target}, which does not exist`);
    }
    return fail(`cannot read file (${reason})`);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'a device';
}
