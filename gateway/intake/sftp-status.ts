// Map errors to SFTP v3 status replies. Messages are fixed texts: node's fs errors carry host paths,
// which would tell a partner where its jail lives.
import { DocksideError } from '../../canonical/errors';
import { utils } from 'ssh2';
import type { SftpIntakeErrorCode } from './sftp-error-codes';

const STATUS = utils.sftp.STATUS_CODE;

/** A status reply: SFTP code and the message the client prints. */
export interface SftpStatus {
  code: number;
  message: string;
}

const DENIED: ReadonlySet<SftpIntakeErrorCode> = new Set([
  'DS_INTAKE_PATH_OUTSIDE_ROOT',
  'DS_INTAKE_SYMLINK_REFUSED',
  'DS_INTAKE_PERMISSION_DENIED',
  'DS_INTAKE_NAME_INVALID',
  'DS_INTAKE_UPLOAD_DENIED',
]);

const ERRNO: Record<string, SftpStatus> = {
  ENOENT: { code: STATUS.NO_SUCH_FILE, message: 'No such file' },
  ENOTDIR: { code: STATUS.NO_SUCH_FILE, message: 'No such file' },
  EACCES: { code: STATUS.PERMISSION_DENIED, message: 'Permission denied' },
  EPERM: { code: STATUS.PERMISSION_DENIED, message: 'Permission denied' },
  // O_NOFOLLOW met a link that appeared after the lstat checks.
  ELOOP: { code: STATUS.PERMISSION_DENIED, message: 'Permission denied' },
  EEXIST: { code: STATUS.FAILURE, message: 'File exists' },
  ENOSPC: { code: STATUS.FAILURE, message: 'No space left' },
};

/** The reply for an error thrown while serving a request. */
export function statusFor(err: unknown): SftpStatus {
  if (err instanceof DocksideError) {
    const denied = DENIED.has(err.code as SftpIntakeErrorCode);
    return {
      code: denied ? STATUS.PERMISSION_DENIED : STATUS.FAILURE,
      message: `${err.message} (${err.code})`,
    };
  }
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  return (errno && ERRNO[errno]) || { code: STATUS.FAILURE, message: 'Failure' };
}

/** An ENOENT-like error for a path that the jail found missing. */
export function noSuchFile(): NodeJS.ErrnoException {
  return Object.assign(new Error('No such file'), { code: 'ENOENT' });
}
