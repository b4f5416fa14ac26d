// Codes of the hosted SFTP server (DS_INTAKE_<WHAT>), thrown as DocksideError or written into audit
// events. Each needs a row in docs/errors.md (spec/docs/errors.test.ts checks that).
import { DocksideError } from '../../canonical/errors';

/** Every code the hosted SFTP server throws or audits, with its meaning. */
export const SFTP_INTAKE_ERROR_CODES = {
  DS_INTAKE_PATH_OUTSIDE_ROOT: 'a client path leads outside the partner home (`..` above the root, NUL byte)',
  DS_INTAKE_SYMLINK_REFUSED: 'a component of a client path is a symbolic link; links are never followed',
  DS_INTAKE_PERMISSION_DENIED:
    'the operation is not allowed there (write outside inbound/, remove outside outbound/, mkdir…)',
  DS_INTAKE_NAME_INVALID:
    'an upload or rename target name is hidden (starts with "."), too long or not a file name',
  DS_INTAKE_UPLOAD_DENIED: 'the pre-upload hook refused the upload',
  DS_INTAKE_FILE_TOO_LARGE:
    "an upload went over the partner's maximum file size; the partial file was removed",
  DS_INTAKE_UPLOAD_INCOMPLETE:
    'the session ended before the upload handle was closed; the partial file was removed',
  DS_INTAKE_UPLOAD_RECORD_FAILED:
    'the upload was received but could not be recorded; the client is told it failed',
  DS_INTAKE_TARGET_EXISTS: 'a rename target already exists (files are never overwritten)',
  DS_INTAKE_INVALID_HANDLE: 'an SFTP request names a handle that is not open, or of the wrong kind',
  DS_INTAKE_AUTH_FAILED: 'a login failed: unknown user, key not authorised, bad signature or wrong password',
  DS_INTAKE_AUTH_RATE_LIMITED:
    'a login was refused because its address or username failed too often (cool-down)',
  DS_INTAKE_MAX_SESSIONS:
    'a login was refused because the partner already has its maximum number of sessions',
  DS_INTAKE_HOST_KEY_INVALID: 'the SFTP host key file exists but cannot be read as a private key',
} as const;

/** A `DS_INTAKE_*` code of the hosted SFTP server. */
export type SftpIntakeErrorCode = keyof typeof SFTP_INTAKE_ERROR_CODES;

/** A DocksideError with an intake code; `retryable` only where trying again can succeed. */
export function intakeError(
  code: SftpIntakeErrorCode,
  message: string,
  context: Record<string, unknown> = {},
): DocksideError {
  const retryable = code === 'DS_INTAKE_UPLOAD_RECORD_FAILED' || code === 'DS_INTAKE_MAX_SESSIONS';
  return new DocksideError(code, message, context, retryable);
}

/** True when `err` is a DocksideError carrying one of the given codes. */
export function hasIntakeCode(err: unknown, ...codes: SftpIntakeErrorCode[]): err is DocksideError {
  return err instanceof DocksideError && (codes as string[]).includes(err.code);
}
