// Text with a NUL character cannot reach PostgreSQL (its text types refuse it, the statement
// fails with a 500, and the audit entry of a refused action fails with it): such a request is
// refused at the edge, for the API and the console alike.
import type { FastifyInstance } from 'fastify';
import { DocksideError } from '../../canonical/errors';

/** Whether `value` (a parsed body, at most a few levels deep) holds a string with a NUL. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
}

const refused = () => new DocksideError('DS_API_BAD_REQUEST', 'text may not contain a NUL character (%00)');

/** Refuse requests whose path, query or body carries a NUL (answered by the scope's error handler). */
export function refuseNul(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) throw refused();
  });
  scope.addHook('preValidation', async (request) => {
    if (holdsNul(request.body)) throw refused();
  });
}
