// One audit entry per ops action, whoever asks (API or web console): "ok" with the result, or
// "refused" with the error code. Writing the entry can fail on its own; that is logged and
// never turns an action that happened into one reported as failed (or the other way round).
import type { Logger } from 'pino';
import { DocksideError } from '../../canonical/errors';
import type { Store } from '../store';

export interface AuditedAction<T> {
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  run: () => Promise<T>;
}

/** Append an audit entry; a failure to write it is logged, never thrown. */
export async function writeAudit(
  store: Store,
  log: Logger,
  a: Omit<AuditedAction<unknown>, 'run'>,
): Promise<void> {
  await store
    .audit(a.actor, a.action, a.subject, a.details)
    .catch((e: unknown) => log.error({ err: e, action: a.action, subject: a.subject }, 'audit write failed'));
}

export async function auditedAction<T>(store: Store, log: Logger, a: AuditedAction<T>): Promise<T> {
  const write = (details: Record<string, unknown>) =>
    writeAudit(store, log, { ...a, details: { ...a.details, ...details } });
  let result: T;
  try {
    result = await a.run();
  } catch (err) {
    const code = err instanceof DocksideError ? err.code : 'error';
    await write({ outcome: 'refused', code, message: (err as Error).message });
    log.warn({ actor: a.actor, action: a.action, subject: a.subject, code }, 'ops action refused');
    throw err;
  }
  await write({ outcome: 'ok', result: result ?? null });
  log.info({ actor: a.actor, action: a.action, subject: a.subject }, 'ops action');
  return result;
}
