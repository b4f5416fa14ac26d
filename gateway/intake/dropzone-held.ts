// A recorded drop-zone file is first renamed to a hidden "held" name in its own folder, then
// archived or deleted from there. The rename takes the name away from the partner atomically: a
// file the partner writes under the same name meanwhile is a new file, never the one archived or
// deleted (with link + unlink on the partner's name, it was written into the archived copy, or
// deleted unrecorded). Held names are temp names, so the watcher never hands them over.
import { randomBytes } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { lstat, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { moveToArchive } from './dropzone-archive';

const HELD_PREFIX = '.dockside-held-';
/** A held file older than this (since its rename) was left by a stopped gateway. */
export const HELD_STALE_MS = 60_000;
const NAME_MAX = 255;

/** `.dockside-held-<8 hex>-<name>`, cut to the longest name file systems take (whole characters). */
function heldName(name: string): string {
  const chars = [...`${HELD_PREFIX}${randomBytes(4).toString('hex')}-${name}`];
  while (Buffer.byteLength(chars.join('')) > NAME_MAX) chars.pop();
  return chars.join('');
}

/** The name a held file had (cut short when it was too long to hold whole). */
function originalName(held: string): string {
  return held.slice(HELD_PREFIX.length + 9);
}

/**
 * Takes `name` in `dir` away from the partner. Resolves to the held path when the file renamed is
 * `expected` (same inode, size and mtime); otherwise (replaced since it was looked at) puts the
 * file back as a new one and resolves to undefined.
 */
export async function holdRecorded(dir: string, name: string, expected: Stats): Promise<string | undefined> {
  const held = join(dir, heldName(name));
  await rename(join(dir, name), held);
  const now = await lstat(held);
  const same =
    now.ino === expected.ino &&
    now.dev === expected.dev &&
    now.size === expected.size &&
    now.mtimeMs === expected.mtimeMs;
  if (same) return held;
  await moveToArchive(held, dir, name); // its name back (or a free numbered one): a new file
  return undefined;
}

/**
 * Gives back, under their names (or free numbered ones), the held files a stopped gateway left
 * among `entries` of `dir` (not those in `busy`, being archived by this process): they are handed
 * over again.
 */
export async function releaseStale(
  dir: string,
  entries: readonly Dirent[],
  busy: ReadonlySet<string> = new Set(),
  now = Date.now(),
): Promise<string[]> {
  const released: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.startsWith(HELD_PREFIX)) continue;
    const held = join(dir, entry.name);
    if (busy.has(held)) continue;
    const stats = await lstat(held).catch(() => undefined);
    // A rename sets ctime: a file held for long is not one a running gateway is archiving.
    if (!stats || now - stats.ctimeMs < HELD_STALE_MS) continue;
    released.push(await moveToArchive(held, dir, originalName(entry.name)));
  }
  return released;
}
