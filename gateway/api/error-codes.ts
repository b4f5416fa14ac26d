// Codes of the errors the ops API answers with (`{ error: { code, message } }`), with the HTTP
// status each maps to. Each needs a row in docs/errors.md (spec/docs/errors.test.ts).

/** Every `DS_API_*` code, with its HTTP status and meaning. */
export const API_ERROR_CODES = {
  DS_API_UNAUTHORIZED: { status: 401, meaning: 'no token, an unknown token, or no token configured at all' },
  DS_API_FORBIDDEN: { status: 403, meaning: "the token's role is below the role the route needs" },
  DS_API_RATE_LIMITED: { status: 429, meaning: 'too many failed authentications from this address' },
  DS_API_BAD_REQUEST: { status: 400, meaning: 'a parameter, query or body does not match the route schema' },
  DS_API_BAD_CURSOR: { status: 400, meaning: 'a page cursor that no list handed out' },
  DS_API_NOT_FOUND: { status: 404, meaning: 'no such route, file, event or partner' },
  DS_API_CONFLICT: { status: 409, meaning: 'the action is refused in the current state' },
  DS_API_NOT_AVAILABLE: { status: 503, meaning: 'the action is not available in this gateway (yet)' },
  DS_API_INTERNAL: { status: 500, meaning: 'an unexpected error; the log has the details' },
} as const;

/** A `DS_API_*` code. */
export type ApiErrorCode = keyof typeof API_ERROR_CODES;
