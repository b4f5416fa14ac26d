// The hosted-SFTP jail (SFTPGo's vfs ResolvePath + toRootRelative): a client path is resolved as
// "/" + path, lexically, and anything that climbs above the root is refused instead of being clamped,
// so `cd /..` fails loudly rather than silently landing at the root.
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { intakeError } from './sftp-error-codes';

/** A client path resolved inside a jail: segments below the home, and the path as the client sees it. */
export interface JailPath {
  readonly segments: readonly string[];
  /** Always absolute and normalised, e.g. `/inbound/po.edi`; `/` for the home itself. */
  readonly virtual: string;
}

/** Resolve a client path; throws DS_INTAKE_PATH_OUTSIDE_ROOT when `..` climbs above the root. */
export function resolveClientPath(clientPath: string): JailPath {
  // A NUL would be cut off by the OS and make the checked path differ from the opened one.
  if (clientPath.includes('\0'))
    throw intakeError('DS_INTAKE_PATH_OUTSIDE_ROOT', 'path contains a NUL byte', { path: clientPath });
  const segments: string[] = [];
  for (const part of `/${clientPath}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0)
        throw intakeError('DS_INTAKE_PATH_OUTSIDE_ROOT', 'path leads outside the home folder', {
          path: clientPath,
        });
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  return { segments, virtual: `/${segments.join('/')}` };
}

/** The host path of a jailed path; re-checks that it stays under `home` (toRootRelative). */
export function hostPath(home: string, path: JailPath): string {
  const abs = join(home, ...path.segments);
  const rel = relative(home, abs);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw intakeError('DS_INTAKE_PATH_OUTSIDE_ROOT', 'path leads outside the home folder', {
      path: path.virtual,
    });
  return abs;
}

/**
 * lstat every component below `home`, never following a link: any symlink on the way (the last
 * component included) throws DS_INTAKE_SYMLINK_REFUSED. Returns the last component's Stats, or
 * undefined when some component does not exist (an upload target, say).
 */
export async function lstatInJail(home: string, path: JailPath): Promise<Stats | undefined> {
  let current = home;
  let stats: Stats | undefined;
  for (const segment of path.segments) {
    current = join(current, segment);
    try {
      stats = await lstat(current);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
    if (stats.isSymbolicLink())
      throw intakeError('DS_INTAKE_SYMLINK_REFUSED', 'path goes through a symbolic link', {
        path: path.virtual,
      });
  }
  // The home itself is the operator's choice (it may well be a link to a data volume): follow it.
  return stats ?? (await stat(home));
}

/** The jailed path of the parent folder (the root's parent is the root). */
export function parentOf(path: JailPath): JailPath {
  const segments = path.segments.slice(0, -1);
  return { segments, virtual: `/${segments.join('/')}` };
}
