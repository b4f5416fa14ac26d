// What ops may do to the running gateway (the API's mutating calls). The API writes each call,
// with the actor who asked and what came of it, to the audit log.
import { DocksideError } from '../../canonical/errors';
import type { Logger } from 'pino';
import type { ConnectorSummary } from '../dispatch/connectors-config';
import type { OutboxState, Store } from '../store';
import type { Pipeline, ReprocessResult } from './pipeline';

/** Which outbox events a bulk replay takes. */
export interface ReplayFilter {
  partnerId?: string;
  connector?: string;
  type?: string;
  fileId?: string;
  /** States to take: default dead letters only; a whole file's replay adds 'posted' and 'failed' (the ERP dedupes). */
  states?: readonly OutboxState[];
}

export interface OpsActions {
  /** Queue one event again, keeping its id. Refused (DS_DISPATCH_NOT_REPLAYABLE) while it is queued or in flight. */
  replayEvent(eventId: string, actor: string): Promise<{ eventId: string; state: string }>;
  /** Queue again the events matching `filter` (dead letters unless `filter.states` says otherwise). */
  replayEvents(filter: ReplayFilter, actor: string): Promise<{ replayed: number }>;
  /**
   * Translate a stored file again with today's profiles (after a profile fix). Events keep
   * their ids, so those already queued or posted are not queued twice.
   */
  reprocessFile(fileId: string, actor: string): Promise<ReprocessResult>;
  /**
   * Stop (or restart) deliveries through a connector, in every process sharing the database.
   * Refused (DS_STORE_NOT_FOUND) for a name the connectors file does not configure.
   */
  setConnectorPaused(name: string, paused: boolean, actor: string): Promise<void>;
}

/** The actions over the store, the pipeline (reprocess) and dispatch (woken after a replay). */
export function createOpsActions(deps: {
  store: Store;
  pipeline: Pick<Pipeline, 'reprocess'>;
  kickDispatch: () => void;
  logger: Logger;
  connectors: readonly ConnectorSummary[];
}): OpsActions {
  const { store, pipeline, kickDispatch, logger, connectors } = deps;
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
      const ids = await store.replayOutbox({ ...filter, states: filter.states ?? ['dead'] });
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
      if (!connectors.some((c) => c.name === name)) {
        const known = connectors.map((c) => c.name).join(', ');
        throw new DocksideError('DS_STORE_NOT_FOUND', `no connector named "${name}" (configured: ${known})`, {
          connector: name,
        });
      }
      await store.setConnectorPaused(name, paused, actor);
      if (!paused) kickDispatch();
    },
  };
}
