// One transaction that commits the translations of several files (the pipeline translates
// them together), with the same effect as committing them one after the other: the
// duplicate-interchange check of a file sees the interchanges of the files before it.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema';
import { insertOutbox } from './sql-outbox';
import { chunks, invalidState, notFound, storable, storableJson, summarizeErrors } from './sql-helpers';
import type { CommitOptions, CommitResult, TranslationCommit } from './store';

export interface CommitItem {
  fileId: string;
  result: TranslationCommit;
  options: CommitOptions;
}

export interface CommitOutcome extends CommitResult {
  partnerId: string;
}

/**
 * The commits of several files in one transaction, with the same effect as committing them one
 * after the other in this order: the duplicate-interchange check of a file sees the interchanges
 * of the files before it. Throws (and the transaction rolls back) when any file cannot commit.
 */
export async function commitBatch(
  tx: Transaction<Database>,
  given: readonly CommitItem[],
): Promise<CommitOutcome[]> {
  // Controls and sender ids come from partner bytes: compared, queried and stored as storable text.
  const items = given.map((i) => ({ ...i, result: withStorableSummaries(i.result) }));
  const batchNow = new Date();
  const rows = await tx
    .selectFrom('files')
    .selectAll()
    .where(
      'id',
      'in',
      items.map((i) => i.fileId),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const files = new Map(rows.map((r) => [r.id, r]));
  for (const { fileId } of items) {
    const file = files.get(fileId);
    if (!file) throw notFound('file', fileId);
    if (file.state !== 'translating') {
      throw invalidState('file', fileId, 'commitTranslation', file.state, ['translating']);
    }
  }
  const partnerOf = (i: CommitItem) => (files.get(i.fileId) as (typeof rows)[number]).partner_id;
  // The per-partner interchange lock of the single commit, taken once per partner, in order.
  const lockPartners = [
    ...new Set(items.filter((i) => i.result.interchanges.length > 0).map(partnerOf)),
  ].sort();
  for (const partnerId of lockPartners) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${'dockside.interchanges:' + partnerId}, 0))`.execute(
      tx,
    );
  }

  // Earlier interchanges that may make a file of the batch a duplicate: one query for the batch,
  // filtered per file below exactly as findInterchange filters.
  const checked = items.filter((i) => i.options.duplicateSince && i.result.interchanges.length > 0);
  const known: { partner_id: string; control: string; file_id: string; at: number }[] = [];
  if (checked.length > 0) {
    const since = new Date(Math.min(...checked.map((i) => (i.options.duplicateSince as Date).getTime())));
    const found = await tx
      .selectFrom('interchanges')
      .select(['partner_id', 'control', 'file_id', 'received_at'])
      .where('partner_id', 'in', [...new Set(checked.map(partnerOf))])
      .where('control', 'in', [
        ...new Set(checked.flatMap((i) => i.result.interchanges.map((ic) => ic.control))),
      ])
      .where('received_at', '>=', since)
      .execute();
    for (const r of found) known.push({ ...r, at: new Date(r.received_at).getTime() });
  }

  const outcomes: CommitOutcome[] = [];
  const interchangeRows = [];
  const transactionRows = [];
  const errorRows = [];
  const outboundRows = [];
  const settled: { id: string; state: 'translated' | 'rejected'; summary: string | null; at: Date }[] = [];
  for (const item of items) {
    const { fileId, result, options } = item;
    const now = options.now ?? batchNow;
    const file = files.get(fileId) as (typeof rows)[number];
    const partnerId = file.partner_id;
    let earlier: (typeof known)[number] | undefined;
    const repeated: string[] = [];
    if (options.duplicateSince && result.interchanges.length > 0) {
      const since = options.duplicateSince.getTime();
      for (const ic of result.interchanges) {
        let seen = false;
        for (const k of known) {
          if (k.partner_id !== partnerId || k.control !== ic.control || k.file_id === fileId || k.at < since)
            continue;
          seen = true;
          if (!earlier) earlier = k;
          else if (earlier.control === k.control && k.at > earlier.at) earlier = k;
        }
        if (seen) repeated.push(ic.control);
      }
    }
    if (earlier) {
      await tx
        .updateTable('files')
        .set({
          state: 'duplicate',
          duplicate_of: earlier.file_id,
          duplicate_reason: 'same-interchange',
          translated_at: now,
          error_summary: `interchange ${earlier.control} was already received in file ${earlier.file_id}`,
          updated_at: now,
        })
        .where('id', '=', fileId)
        .where('state', '=', 'translating')
        .execute();
      outcomes.push({
        state: 'duplicate',
        partnerId,
        duplicateOf: earlier.file_id,
        duplicateControls: repeated,
        queued: 0,
        refreshed: [],
        alreadyQueued: [],
      });
      continue;
    }
    for (const ic of result.interchanges) {
      interchangeRows.push({
        partner_id: partnerId,
        file_id: fileId,
        control: ic.control,
        sender_qualifier: ic.senderQualifier,
        sender_id: ic.senderId,
        received_at: file.received_at,
      });
      known.push({
        partner_id: partnerId,
        control: ic.control,
        file_id: fileId,
        at: new Date(file.received_at).getTime(),
      });
    }
    for (const s of result.sets) {
      transactionRows.push({
        file_id: fileId,
        partner_id: partnerId,
        set_id: s.setId,
        interchange_control: s.interchange ?? null,
        group_control: s.group ?? null,
        set_control: s.control ?? null,
        status: s.status,
        event_id: s.eventId ?? null,
      });
    }
    for (const { code, message, ack, ...position } of result.errors) {
      errorRows.push({
        file_id: fileId,
        code,
        message: storable(message),
        ack: ack ?? null,
        position: storableJson(position),
      });
    }
    const { queued: queuedIds, refreshed } = await insertOutbox(tx, result.events, {
      fileId,
      partnerId,
      now,
      ...(options.route && { route: options.route }),
      ...(options.refreshUnsent && { refresh: true }),
    });
    if (!options.skipAcks) {
      for (const a of result.acks) {
        outboundRows.push({
          id: randomUUID(),
          partner_id: partnerId,
          file_id: fileId,
          kind: a.kind,
          content: a.content,
          state: 'pending',
          next_attempt_at: now,
        });
      }
    }
    const state = result.accepted ? ('translated' as const) : ('rejected' as const);
    settled.push({ id: fileId, state, summary: summarizeErrors(result), at: now });
    outcomes.push({
      state,
      partnerId,
      queued: queuedIds.size,
      refreshed: [...refreshed],
      alreadyQueued: result.events.map((e) => e.id).filter((id) => !queuedIds.has(id) && !refreshed.has(id)),
    });
  }
  for (const part of chunks(interchangeRows)) {
    await tx
      .insertInto('interchanges')
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const part of chunks(transactionRows)) await tx.insertInto('transactions').values(part).execute();
  for (const part of chunks(errorRows)) await tx.insertInto('translation_errors').values(part).execute();
  for (const part of chunks(outboundRows)) await tx.insertInto('outbound').values(part).execute();
  for (const part of chunks(settled)) {
    const values = sql.join(
      part.map((f) => sql`(${f.id}::text, ${f.state}::text, ${f.summary}::text, ${f.at}::timestamptz)`),
    );
    await sql`
      update files as f set state = v.state, translated_at = v.at, error_summary = v.summary, updated_at = v.at
      from (values ${values}) as v(id, state, summary, at)
      where f.id = v.id and f.state = 'translating'`.execute(tx);
  }
  return outcomes;
}

/** The interchange and set summaries of a translation with every string storable. */
function withStorableSummaries(result: TranslationCommit): TranslationCommit {
  const text = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? storable(v) : v])) as T;
  return { ...result, interchanges: result.interchanges.map(text), sets: result.sets.map(text) };
}
