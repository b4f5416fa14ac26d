// Moves a recorded drop-zone file into the archive folder without ever overwriting an earlier
// archived file of the same name.
import { constants as fsConstants, existsSync } from 'node:fs';
import { copyFile, link, mkdir, unlink } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** How many numbered names (`order-1.edi`, `order-2.edi`, …) to try before giving up. */
const MAX_SUFFIX = 10_000;

/** The longest file name (in bytes) file systems take: a longer archive name never succeeds. */
const NAME_MAX = 255;

/**
 * The n-th candidate archive name: `order.edi`, then `order-1.edi`, `order-2.edi`, … A numbered name
 * fits where the name did: its stem gives way, whole characters at a time.
 */
export function archiveName(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  const stem = [...(ext ? name.slice(0, -ext.length) : name)];
  const suffix = `-${n}${ext}`;
  let bytes = Buffer.byteLength(stem.join('') + suffix);
  while (bytes > NAME_MAX && stem.length > 0) bytes -= Buffer.byteLength(stem.pop() as string);
  // An extension too long to leave room: it gives way too, after the number that keeps names apart.
  const rest = [...suffix];
  while (bytes > NAME_MAX) bytes -= Buffer.byteLength(rest.pop() as string);
  return stem.join('') + rest.join('');
}

/**
 * Moves `source` into `archiveDir` under `name`, or the first free numbered variant, and returns the
 * archived path. `link` + `unlink` instead of `rename` because `link` fails when the target exists
 * (rename would silently replace an older archived file); across file systems, where `link` is
 * impossible, an exclusive copy does the same job.
 */
export async function moveToArchive(source: string, archiveDir: string, name: string): Promise<string> {
  let remade = false;
  for (let n = 0; n < MAX_SUFFIX; n++) {
    const target = join(archiveDir, archiveName(name, n));
    try {
      await link(source, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // The archive folder was removed while the gateway ran: made again, once.
      if (code === 'ENOENT' && !remade && !existsSync(archiveDir)) {
        remade = true;
        await mkdir(archiveDir, { recursive: true });
        n--;
        continue;
      }
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
      try {
        await copyFile(source, target, fsConstants.COPYFILE_EXCL);
      } catch (copyErr) {
        if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw copyErr;
      }
    }
    // A crash right here leaves the file in both places: it is handed over again at restart and the
    // receiver's sha256 dedupe recognises it. Losing it is the worse failure.
    await unlink(source).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return target;
  }
  throw new Error(`no free archive name for ${name} in ${archiveDir}`);
}
