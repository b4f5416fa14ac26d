// Codes the drop-zone watcher throws or logs as DocksideError (canonical/errors.ts).
// Each code needs a row in docs/errors.md (checked by spec/docs/errors.test.ts).

/** Every `DS_INTAKE_DROPZONE_*` code, with what it means. */
export const DROPZONE_ERROR_CODES = {
  DS_INTAKE_DROPZONE_ARCHIVE_REQUIRED: "afterReceipt is 'move' but no archive folder is configured",
  DS_INTAKE_DROPZONE_UNAVAILABLE: 'the inbound or archive folder cannot be created or watched',
  DS_INTAKE_DROPZONE_HANDOVER_FAILED:
    'a file could not be read or the receiver (onFile) rejected it; it stays in the drop zone and is retried with backoff',
  DS_INTAKE_DROPZONE_CLEANUP_FAILED:
    'a recorded file could not be moved to the archive or deleted; only the move/delete is retried',
  DS_INTAKE_DROPZONE_TOO_LARGE:
    "a file is over the partner's limits.maxFileSizeBytes: it is left in the folder, not read, and looked at again with backoff",
  DS_INTAKE_DROPZONE_WATCH_FAILED: 'the folder watcher reported an error (the periodic rescan covers it)',
} as const;

/** A `DS_INTAKE_DROPZONE_*` code. */
export type DropZoneErrorCode = keyof typeof DROPZONE_ERROR_CODES;
