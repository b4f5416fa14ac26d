// Codes of partner-profile findings and of config errors thrown as DocksideError (canonical/errors.ts).
// Each code has a row in partners/README.md ("Error codes"), checked by spec/gateway/config/error-codes.test.ts.

/** Every code a profile check or a secret resolution can report (`DS_CONFIG_<WHAT>`). */
export const CONFIG_ERROR_CODES = {
  DS_CONFIG_YAML_SYNTAX: 'the file is not valid YAML',
  DS_CONFIG_MISSING_FIELD: 'a required field is missing',
  DS_CONFIG_UNKNOWN_FIELD: 'a field that the profile format does not know',
  DS_CONFIG_INVALID_VALUE: 'a field has a value of the wrong type or outside its allowed values',
  DS_CONFIG_INLINE_SECRET:
    'a password, key or other secret written inline instead of as env:/file: reference',
  DS_CONFIG_DUPLICATE_ID: 'two profiles use the same partner id',
  DS_CONFIG_DUPLICATE_ISA: 'two profiles use the same ISA qualifier + id',
  DS_CONFIG_DUPLICATE_USERNAME: 'two profiles use the same hosted SFTP username',
  DS_CONFIG_UNKNOWN_MAPPING: 'a document names a mapping that is not in partners/mappings/',
  DS_CONFIG_INVALID_MAPPING: 'a mapping file does not validate, or does not fit the document that names it',
  DS_CONFIG_UNKNOWN_LOOKUP_TABLE:
    'a mapping looks up a cross-reference table that the profile does not define',
  DS_CONFIG_READ_FAILED:
    'a profile or mapping file (or the folder) could not be read: missing link target, not a regular file, no access',
  DS_CONFIG_FILE_TOO_LARGE: 'a profile or mapping file is larger than 1 MiB',
  DS_CONFIG_SECRET_REF_INVALID: 'a secret reference is not env:NAME or file:path',
  DS_CONFIG_SECRET_ENV_MISSING: 'the environment variable a secret reference names is not set',
  DS_CONFIG_SECRET_FILE_UNREADABLE: 'the file a secret reference names cannot be read',
} as const;

/** A `DS_CONFIG_*` code. */
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;
