// What a partner may do where in its home (SFTPGo's per-folder permissions, fixed for Dockside):
// the root only lists its two folders, inbound/ takes uploads, outbound/ hands out acks to collect.
import type { JailPath } from './jail';
import { intakeError } from './sftp-error-codes';

/** The part of a home a path is in. */
export type SftpArea = 'root' | 'inbound' | 'outbound';

/** An operation checked against the folder rules. */
export type SftpOperation = 'list' | 'stat' | 'read' | 'upload' | 'remove' | 'rename';

/** The folders a home holds, in listing order. */
export const HOME_FOLDERS = ['inbound', 'outbound'] as const;

const ALLOWED: Record<SftpArea, ReadonlySet<SftpOperation>> = {
  root: new Set(['list', 'stat']),
  inbound: new Set(['list', 'stat', 'upload', 'rename']),
  outbound: new Set(['list', 'stat', 'read', 'remove']),
};

// Operations on one file: they need a file name directly inside the area's folder (no folders are
// created by partners, and an upload or remove of the folder itself makes no sense).
const ON_A_FILE: ReadonlySet<SftpOperation> = new Set(['read', 'upload', 'remove', 'rename']);

// Room for the `.<name>.<id>.part` upload name within the usual 255-byte NAME_MAX.
const MAX_NAME_BYTES = 200;

/**
 * True for names a client never sees nor touches: dot-names, which covers the `.<name>.part`
 * uploads in progress.
 */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** The area of a jailed path; throws DS_INTAKE_PERMISSION_DENIED for anything but the two folders. */
export function areaOf(path: JailPath): SftpArea {
  if (path.segments.length === 0) return 'root';
  const top = path.segments[0];
  if (top === 'inbound' || top === 'outbound') return top;
  throw intakeError('DS_INTAKE_PERMISSION_DENIED', 'only inbound/ and outbound/ exist here', {
    path: path.virtual,
  });
}

/** Throws a DS_INTAKE_* DocksideError unless `op` is allowed on `path`. */
export function checkAccess(path: JailPath, op: SftpOperation): SftpArea {
  const area = areaOf(path);
  if (path.segments.some(isHiddenName))
    throw intakeError('DS_INTAKE_NAME_INVALID', 'hidden names are not accessible', { path: path.virtual });
  if (!ALLOWED[area].has(op))
    throw intakeError(
      'DS_INTAKE_PERMISSION_DENIED',
      `${op} is not allowed in ${area === 'root' ? '/' : area}`,
      {
        path: path.virtual,
        op,
      },
    );
  if (ON_A_FILE.has(op)) {
    const depthOk =
      op === 'upload' || op === 'rename' ? path.segments.length === 2 : path.segments.length >= 2;
    if (!depthOk)
      throw intakeError('DS_INTAKE_PERMISSION_DENIED', `${op} needs a file directly in ${area}/`, {
        path: path.virtual,
        op,
      });
  }
  if ((op === 'upload' || op === 'rename') && Buffer.byteLength(path.segments[1]) > MAX_NAME_BYTES)
    throw intakeError('DS_INTAKE_NAME_INVALID', `file names are limited to ${MAX_NAME_BYTES} bytes`, {
      path: path.virtual,
    });
  // A new name goes into logs, the console and the partner's acks: no line breaks, escapes or
  // reordering of what it shows.
  if ((op === 'upload' || op === 'rename') && MISLEADING.test(path.segments[1]))
    throw intakeError(
      'DS_INTAKE_NAME_INVALID',
      'file names may not contain control characters or bidirectional overrides',
      { path: path.virtual },
    );
  return area;
}

/** C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate characters. */
const MISLEADING = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
