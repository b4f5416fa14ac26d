// Errors as data: every failure of the ops API is `{ error: { code, message } }` with an HTTP
// status derived from the code. DocksideErrors from the store or the dispatcher keep their code.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import { API_ERROR_CODES, type ApiErrorCode } from './error-codes';

/** The body of every error answer. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** JSON Schema of the error body (in every route's responses). */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** An API error to throw from a handler. */
export function apiError(
  code: ApiErrorCode,
  message: string,
  context: Record<string, unknown> = {},
): DocksideError {
  return new DocksideError(code, message, context);
}

/** The HTTP status of a DocksideError code. */
export function statusOf(err: DocksideError): number {
  const known = (API_ERROR_CODES as Record<string, { status: number }>)[err.code];
  if (known) return known.status;
  if (/_NOT_FOUND$|_UNKNOWN_/.test(err.code)) return 404;
  if (/_INVALID_STATE$|_NOT_REPLAYABLE$|_CONFLICT$|_ALREADY_/.test(err.code)) return 409;
  if (err.code === 'DS_STORE_CLOSED' || err.code === 'DS_STORE_FAILED' || err.retryable) return 503;
  return 422;
}

/** Send an error body. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/** The error handler of the API scope: validation → 400, DocksideError → its status, else 500. */
export function errorHandler(log: Logger) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err.validation) {
      return sendError(reply, 400, 'DS_API_BAD_REQUEST', err.message);
    }
    if (err instanceof DocksideError) {
      const status = statusOf(err);
      if (status >= 500) log.warn({ err, url: request.url }, 'api error');
      return sendError(reply, status, err.code, err.message);
    }
    // Fastify's own client errors (body too large, bad JSON, bad content type).
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, err.statusCode, 'DS_API_BAD_REQUEST', err.message);
    }
    log.error({ err, url: request.url }, 'api handler failed');
    return sendError(reply, 500, 'DS_API_INTERNAL', 'internal error (see the gateway log)');
  };
}
