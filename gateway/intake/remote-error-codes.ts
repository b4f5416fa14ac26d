// Codes the remote SFTP poller and the push client throw or report as DocksideError
// (canonical/errors.ts). Each code needs a row in docs/errors.md (checked by spec/docs/errors.test.ts).

/** Every `DS_INTAKE_REMOTE_*` and `DS_INTAKE_PUSH_*` code, with what it means. */
export const REMOTE_ERROR_CODES = {
  DS_INTAKE_REMOTE_CONFIG_INVALID:
    "poller/push settings are unusable: no key or password, 'move' without moveTo, bad interval",
  DS_INTAKE_REMOTE_CONNECT_FAILED: 'the partner SFTP server cannot be reached or refused the login',
  DS_INTAKE_REMOTE_HOST_KEY_MISMATCH: "the partner server's host key does not match the pinned fingerprint",
  DS_INTAKE_REMOTE_LIST_FAILED: 'the remote inbound folder cannot be listed',
  DS_INTAKE_REMOTE_TOO_LARGE:
    "a remote file is over the partner's limits.maxFileSizeBytes: left on the server, not downloaded, reported each poll",
  DS_INTAKE_REMOTE_DOWNLOAD_FAILED: 'a remote file cannot be downloaded; retried next poll',
  DS_INTAKE_REMOTE_SIZE_MISMATCH:
    'the downloaded size or the mtime differs from the listing (still being written); retried next poll',
  DS_INTAKE_REMOTE_HANDOVER_FAILED:
    'alreadyReceived or onFile rejected; the remote file is left in place and retried next poll',
  DS_INTAKE_REMOTE_CLEANUP_FAILED:
    'a recorded file cannot be deleted/moved remotely; next poll downloads it again and only cleans up',
  DS_INTAKE_REMOTE_POLLER_CLOSED: 'pollNow was called on a poller that is closed',
  DS_INTAKE_REMOTE_LEASE_FAILED:
    "the partner's poll lease cannot be taken or renewed (database unreachable); the poll does not run or stops between files",
  DS_INTAKE_REMOTE_LEASE_LOST:
    "the partner's poll lease ran out during a poll and another gateway took it; the poll stops between files",
  DS_INTAKE_PUSH_NAME_INVALID: 'an outbound file name is empty, has a path separator or is a temp name',
  DS_INTAKE_PUSH_NAME_TAKEN: 'the partner already has a different file (other size) under that name',
  DS_INTAKE_PUSH_FAILED: 'uploading or renaming an outbound file on the partner server failed',
} as const;

/** A `DS_INTAKE_REMOTE_*` or `DS_INTAKE_PUSH_*` code. */
export type RemoteErrorCode = keyof typeof REMOTE_ERROR_CODES;
