// Codes of the errors the store throws as DocksideError (canonical/errors.ts). Each needs a row in
// docs/errors.md, checked by spec/docs/errors.test.ts.

/** Every code the store can throw (`DS_STORE_<WHAT>`), with what it means. */
export const STORE_ERROR_CODES = {
  DS_STORE_LOCKED: 'the PGlite data folder is held by another live process (its pid is in the message)',
  DS_STORE_LOCK_FAILED: 'the lock file of the PGlite data folder could not be created or read',
  DS_STORE_OPEN_FAILED: 'the database could not be opened or its migrations failed',
  DS_STORE_CLOSED: 'the store was used after close()',
  DS_STORE_FAILED: "the embedded database's thread died: nothing more can be read or written in this process",
  DS_STORE_NOT_FOUND: 'no row with that id (file, outbox event, outbound document)',
  DS_STORE_INVALID_STATE: 'a state transition was asked of a row that is not in a state it may leave',
  DS_STORE_CONTROL_NUMBER_EXHAUSTED:
    'a partner control-number sequence would pass 999999999, the largest X12 control number',
  DS_STORE_CONTROL_BLOCK_EXHAUSTED:
    'an acknowledgement needed more control numbers than were reserved for it',
  DS_STORE_BLOB_BAD_HASH: 'a blob was asked for by something that is not a lower-case sha256 hex',
  DS_STORE_BLOB_NOT_FOUND: 'no blob with that sha256 in the blob store',
  DS_STORE_BLOB_WRITE_FAILED: 'a blob could not be written, synced or renamed into place',
} as const;

/** A `DS_STORE_*` code. */
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;
