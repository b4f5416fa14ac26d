// What ops may do to the running gateway (the API's mutating calls). The API writes each call,
// with the actor who asked and what came of it, to the audit log.
import { DocksideError } from '../../canonical/errors';
import type { Logger } from 'pino';
import type { Store } from '../store';
import type { Pipeline } from './pipeline';

/** Which outbox events a bulk replay takes. */
export interface ReplayFilter {
  partnerId?: string;
  connector?: string;
  type?: string;
  /** Every event of this file, whatever its state (posted ones are sent again; the ERP dedupes). */
  fileId?: string;
}

export interface OpsActions {
  /** Queue one event again, keeping its id. Refused (DS_DISPATCH_NOT_REPLAYABLE) while it is queued or in flight. */
  replayEvent(eventId: string, actor: string): Promise<{ eventId: string; state: string }>;
  /** Queue again the dead letters matching `filter` (all of a file's events when `fileId` is given). */
  replayEvents(filter: ReplayFilter, actor: string): Promise<{ replayed: number }>;
  /**
   * Translate a stored file again with today's profiles (after a profile fix). Events keep
   * their ids, so those already queued or posted are not queued twice.
   */
  reprocessFile(
    fileId: string,
    actor: string,
  ): Promise<{ fileId: string; state: string; queued: number; alreadyQueued: number }>;
  /** Stop (or restart) deliveries through a connector, in every process sharing the database. */
  setConnectorPaused(name: string, paused: boolean, actor: string): Promise<void>;
}

/** The actions over the store, the pipeline (reprocess) and dispatch (woken after a replay). */
export function createOpsActions(deps: {
  store: Store;
  pipeline: Pick<Pipeline, 'reprocess'>;
  kickDispatch: () => void;
  logger: Logger;
}): OpsActions {
  const { store, pipeline, kickDispatch, logger } = deps;
  return {
    async replayEvent(eventId, actor) {
      const row = await store.getOutboxEvent(eventId);
      if (!row) throw new DocksideError('DS_STORE_NOT_FOUND', `no event ${eventId}`, { eventId });
      const [replayed] = await store.replayOutbox({ ids: [eventId], states: ['posted', 'failed', 'dead'] });
      if (!replayed) {
        throw new DocksideError(
          'DS_DISPATCH_NOT_REPLAYABLE',
          `event ${eventId} is ${row.state}: it is already on its way to the ERP`,
          { eventId, state: row.state },
        );
      }
      logger.info({ eventId, actor }, 'event queued again');
      kickDispatch();
      return { eventId, state: 'queued' };
    },
    async replayEvents(filter, actor) {
      // A file's events are replayed whatever their state; otherwise only dead letters.
      const states = filter.fileId ? (['posted', 'failed', 'dead'] as const) : (['dead'] as const);
      const ids = await store.replayOutbox({ ...filter, states });
      logger.info({ filter, actor, replayed: ids.length }, 'events queued again');
      if (ids.length > 0) kickDispatch();
      return { replayed: ids.length };
    },
    async reprocessFile(fileId, actor) {
      const result = await pipeline.reprocess(fileId);
      logger.info({ fileId, actor, state: result.state, queued: result.queued }, 'file reprocessed');
      kickDispatch();
      return result;
    },
    async setConnectorPaused(name, paused, actor) {
      await store.setConnectorPaused(name, paused, actor);
      if (!paused) kickDispatch();
    },
  };
}
