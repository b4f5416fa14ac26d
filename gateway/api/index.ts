// The ops API's public surface: import from 'gateway/api'.
export { registerOps, API_PREFIX, API_VERSION, type OpsApi, type OpsDeps } from './register-ops';
export {
  allows,
  ApiAuth,
  readCookie,
  requireRole,
  ROLES,
  TOKEN_COOKIE,
  type Principal,
  type Role,
} from './auth';
export { API_ERROR_CODES, type ApiErrorCode } from './error-codes';
export { escapeHtml } from './openapi';
export { apiError, sendError, type ApiErrorBody } from './errors';
