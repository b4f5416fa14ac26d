// What ops may do to the running gateway (the API's mutating calls): each action is audited
// with the actor who asked for it.

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
