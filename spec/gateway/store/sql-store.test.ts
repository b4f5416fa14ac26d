// The Store contract, run unchanged against PGlite and PostgreSQL.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeEvent, type CanonicalEvent } from '../../../canonical/cloudevent';
import { DocksideError } from '../../../canonical/errors';
import type { SqlStore } from '../../../gateway/store/sql-store';
import { ackNeeds, reserveControlNumbers } from '../../../gateway/store/control-numbers';
import type { DeliverySettlement, NewFile, TranslationCommit } from '../../../gateway/store/store';
import { buildAcks } from '../../../translators/x12/ack-builder';
import { analyzeX12 } from '../../../translators/x12/analyze';
import { BACKENDS, useTestDatabase } from './support/backends';

jest.setTimeout(60_000);

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'x12', '004010');

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const partner = () => `p-${randomUUID().slice(0, 8)}`;

function newFile(partnerId: string, content: string, extra: Partial<NewFile> = {}): NewFile {
  return {
    partnerId,
    transport: 'sftp',
    name: `${content}.x12`,
    sha256: sha(content),
    size: content.length,
    ...extra,
  };
}

function event(partnerId: string, control: string, set = '0001'): CanonicalEvent {
  return makeEvent({
    type: 'order.created',
    partnerId,
    subject: `PO-${control}-${set}`,
    time: '2026-11-27T10:00:00Z',
    sourceFormat: 'x12-850-004010',
    idParts: [partnerId, control, '1', set],
    x12: { interchange: control, group: '1', set },
    data: { purchaseOrderNumber: `PO-${control}-${set}`, lines: [{ lineNumber: '1', quantity: 2 }] },
  });
}

function commit(
  partnerId: string,
  control: string,
  over: Partial<TranslationCommit> = {},
): TranslationCommit {
  const e = event(partnerId, control);
  return {
    events: [e],
    acks: [{ kind: '997', content: `ISA*…*${control}~` }],
    errors: [],
    accepted: true,
    interchanges: [{ control, senderQualifier: 'ZZ', senderId: 'ACME' }],
    sets: [{ setId: '850', interchange: control, group: '1', control: '0001', status: 'A', eventId: e.id }],
    ...over,
  };
}

/** The settlement of `e`'s first attempt by a test worker (a retry is due in an hour). */
function settle(e: CanonicalEvent, outcome: DeliverySettlement['outcome'] = 'posted'): DeliverySettlement {
  return {
    id: e.id,
    attempt: 1,
    connector: 'default',
    worker: 'test',
    startedAt: new Date(),
    durationMs: 1,
    outcome,
    ...(outcome === 'retry' && { retryAt: new Date(Date.now() + 3_600_000) }),
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<DocksideError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocksideError);
  expect((err as DocksideError).code).toBe(code);
  return err as DocksideError;
}

describe.each(BACKENDS)('Store on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  const t = useTestDatabase(backend, skip);

  async function translatingFile(partnerId: string, content: string) {
    const { file } = await t.store.recordFile(newFile(partnerId, content));
    return t.store.claimForTranslation(file.id);
  }

  maybe('runs migrations idempotently: a second run applies nothing, a reopen keeps the data', async () => {
    const p = partner();
    const { file } = await t.store.recordFile(newFile(p, 'migrations'));
    expect(await (t.store as SqlStore).runMigrations()).toEqual([]);
    await t.db.reopen();
    expect(t.store.backend).toBe(backend);
    expect(await (t.store as SqlStore).runMigrations()).toEqual([]);
    expect((await t.store.getFile(file.id))?.sha256).toBe(sha('migrations'));
  });

  maybe('records a file once per (partner, sha256) and per (partner, remote key)', async () => {
    const p = partner();
    const first = await t.store.recordFile(newFile(p, 'same bytes'));
    expect(first.created).toBe(true);
    expect(first.file.state).toBe('received');

    const again = await t.store.recordFile(newFile(p, 'same bytes', { name: 'other-name.x12' }));
    expect(again).toMatchObject({ created: false, match: 'sha256' });
    expect(again.file.id).toBe(first.file.id);

    // The pipeline records the second arrival as a duplicate row pointing at the first.
    const dup = await t.store.recordDuplicate(
      newFile(p, 'same bytes', { name: 'other-name.x12' }),
      first.file.id,
    );
    expect(dup).toMatchObject({
      state: 'duplicate',
      duplicateOf: first.file.id,
      duplicateReason: 'same-bytes',
    });
    expect((await t.store.fileDetail(first.file.id))?.duplicates.map((f) => f.id)).toEqual([dup.id]);

    // Another partner's identical bytes are its own file.
    expect((await t.store.recordFile(newFile(partner(), 'same bytes'))).created).toBe(true);

    // A polled file refetched after a crash is found by its remote key.
    const polled = await t.store.recordFile(
      newFile(p, 'polled', { transport: 'poll', remoteKey: '/out/a.x12:6:1700' }),
    );
    const refetch = await t.store.recordFile(
      newFile(p, 'polled', { transport: 'poll', remoteKey: '/out/a.x12:6:1700' }),
    );
    expect(refetch).toMatchObject({ created: false, match: 'remote-key' });
    expect(refetch.file.id).toBe(polled.file.id);

    // Same bytes under a new remote key: known by sha256; its duplicate row keeps the new key,
    // so refetching that one again finds the duplicate row.
    const moved = newFile(p, 'polled', { transport: 'poll', remoteKey: '/out/b.x12:6:1800' });
    expect(await t.store.recordFile(moved)).toMatchObject({ created: false, match: 'sha256' });
    const movedDup = await t.store.recordDuplicate(moved, polled.file.id);
    expect(await t.store.recordFile(moved)).toMatchObject({
      created: false,
      match: 'remote-key',
      file: { id: movedDup.id },
    });
    expect((await t.store.recordDuplicate(moved, polled.file.id)).id).toBe(movedDup.id);
  });

  maybe('records concurrently arriving copies of the same bytes as one file', async () => {
    const p = partner();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.store.recordFile(newFile(p, 'race'))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.file.id)).size).toBe(1);
  });

  maybe('commits a translation: rows written, file translated, events queued once', async () => {
    const p = partner();
    const file = await translatingFile(p, 'commit ok');
    const c = commit(p, '000000101', {
      errors: [
        {
          code: 'DS_X12_ELEMENT_INVALID_CODE',
          message: 'bad code',
          ack: 'AK403=7',
          segment: 3,
          element: 2,
          tag: 'BEG',
          value: 'XX',
        },
      ],
    });
    const res = await t.store.commitTranslation(file.id, c);
    expect(res).toEqual({ state: 'translated', queued: 1, refreshed: [], alreadyQueued: [] });

    const detail = (await t.store.fileDetail(file.id))!;
    expect(detail.file.state).toBe('translated');
    expect(detail.file.translatedAt).toBeInstanceOf(Date);
    expect(detail.file.errorSummary).toBe('DS_X12_ELEMENT_INVALID_CODE: bad code');
    expect(detail.interchanges).toEqual([
      expect.objectContaining({ partnerId: p, fileId: file.id, control: '000000101', senderId: 'ACME' }),
    ]);
    expect(detail.transactions).toEqual([
      expect.objectContaining({
        setId: '850',
        interchange: '000000101',
        control: '0001',
        status: 'A',
        eventId: c.events[0].id,
      }),
    ]);
    expect(detail.errors).toEqual([
      expect.objectContaining({
        code: 'DS_X12_ELEMENT_INVALID_CODE',
        ack: 'AK403=7',
        segment: 3,
        element: 2,
        tag: 'BEG',
        value: 'XX',
      }),
    ]);
    expect(detail.events).toEqual([
      expect.objectContaining({ id: c.events[0].id, state: 'queued', attempts: 0 }),
    ]);
    expect(detail.outbound).toEqual([
      expect.objectContaining({ kind: '997', state: 'pending', fileId: file.id }),
    ]);
    expect((await t.store.getOutboxEvent(c.events[0].id))?.payload).toEqual(c.events[0]);

    // Committing again is refused: the file is no longer translating.
    await expectCode(t.store.commitTranslation(file.id, c), 'DS_STORE_INVALID_STATE');

    // Another file carrying the same event (same partner + control numbers, outside any
    // duplicate window) does not queue it again.
    const other = await translatingFile(p, 'commit ok, replayed bytes differ');
    const replay = await t.store.commitTranslation(other.id, commit(p, '000000101'));
    expect(replay).toEqual({
      state: 'translated',
      queued: 0,
      refreshed: [],
      alreadyQueued: [c.events[0].id],
    });
  });

  maybe('marks a rejected translation rejected', async () => {
    const p = partner();
    const file = await translatingFile(p, 'rejected');
    const res = await t.store.commitTranslation(
      file.id,
      commit(p, '000000102', { events: [], accepted: false, errors: [{ code: 'DS_X12_X', message: 'no' }] }),
    );
    expect(res.state).toBe('rejected');
    expect((await t.store.getFile(file.id))?.state).toBe('rejected');
  });

  maybe('writes nothing of a translation that fails half-way', async () => {
    const p = partner();
    const file = await translatingFile(p, 'atomic');
    const good = event(p, '000000103', '0001');
    const bad = { ...event(p, '000000103', '0002'), id: '' }; // violates CHECK (id <> '')
    const c = commit(p, '000000103', {
      events: [good, bad],
      errors: [{ code: 'DS_X12_X', message: 'noted' }],
      sets: [
        { setId: '850', status: 'A' },
        { setId: '850', status: 'A' },
      ],
    });
    await expect(t.store.commitTranslation(file.id, c)).rejects.toThrow();

    const detail = (await t.store.fileDetail(file.id))!;
    expect(detail.file.state).toBe('translating');
    expect(detail.interchanges).toEqual([]);
    expect(detail.transactions).toEqual([]);
    expect(detail.errors).toEqual([]);
    expect(detail.events).toEqual([]);
    expect(detail.outbound).toEqual([]);
    expect(await t.store.getOutboxEvent(good.id)).toBeUndefined();
    expect(await t.store.findRecentInterchange(p, '000000103', new Date(0))).toBeUndefined();

    // The same file commits cleanly afterwards.
    expect((await t.store.commitTranslation(file.id, commit(p, '000000103'))).state).toBe('translated');
  });

  maybe(
    'commits what partner bytes carry that PostgreSQL text cannot hold (NUL, lone surrogates)',
    async () => {
      // An X12 element with a NUL byte comes back in the error's message and value; the file must
      // still commit (rejected, with its errors) rather than fail on the database's encoding check.
      const p = partner();
      const file = await translatingFile(p, 'nul\u0000name');
      const bad = 'WIDGET\u0000MODEL \ud83d';
      const c = commit(p, '000000104', {
        events: [],
        accepted: false,
        errors: [
          { code: 'DS_X12_ELEMENT_INVALID_CHARACTER', message: `got "${bad}"`, value: bad, segment: 15 },
        ],
        interchanges: [{ control: '000000104', senderQualifier: 'ZZ', senderId: 'ACME\u0000' }],
        sets: [{ setId: '850', interchange: '000000104', group: '1', control: '00\u00001', status: 'R' }],
      });
      // With the duplicate check on, the sanitised controls are what it queries and compares.
      const since = new Date(Date.now() - 60_000);
      expect((await t.store.commitTranslation(file.id, c, { duplicateSince: since })).state).toBe('rejected');
      const detail = (await t.store.fileDetail(file.id))!;
      const shown = 'WIDGET\ufffdMODEL \ufffd';
      expect(detail.file.name).toBe('nul\ufffdname.x12');
      expect(detail.errors).toEqual([
        expect.objectContaining({ message: `got "${shown}"`, value: shown, segment: 15 }),
      ]);
      expect(detail.file.errorSummary).toContain(shown);
      expect(detail.interchanges[0]).toMatchObject({ senderId: 'ACME\ufffd' });
      expect(detail.transactions[0]).toMatchObject({ control: '00\ufffd1' });
    },
  );

  maybe('detects a duplicate interchange inside the window, and not outside it', async () => {
    const p = partner();
    const first = await translatingFile(p, 'isa first');
    await t.store.commitTranslation(first.id, commit(p, '000000200'));
    const seen = await t.store.findRecentInterchange(p, '000000200', new Date(Date.now() - 60_000));
    expect(seen).toMatchObject({ fileId: first.id, control: '000000200', senderQualifier: 'ZZ' });
    expect(
      await t.store.findRecentInterchange(p, '000000200', new Date(Date.now() + 60_000)),
    ).toBeUndefined();
    expect(await t.store.findRecentInterchange(partner(), '000000200', new Date(0))).toBeUndefined();

    const second = await translatingFile(p, 'isa second, other bytes');
    const res = await t.store.commitTranslation(second.id, commit(p, '000000200'), {
      duplicateSince: new Date(Date.now() - 60_000),
    });
    expect(res).toEqual({
      state: 'duplicate',
      duplicateOf: first.id,
      duplicateControls: ['000000200'],
      queued: 0,
      refreshed: [],
      alreadyQueued: [],
    });
    const detail = (await t.store.fileDetail(second.id))!;
    expect(detail.file).toMatchObject({
      state: 'duplicate',
      duplicateOf: first.id,
      duplicateReason: 'same-interchange',
    });
    expect(detail.outbound).toEqual([]);
    expect(detail.interchanges).toEqual([]);

    // Outside the window the same control number is a new interchange.
    const third = await translatingFile(p, 'isa third');
    const later = await t.store.commitTranslation(third.id, commit(p, '000000200'), {
      duplicateSince: new Date(Date.now() + 60_000),
    });
    expect(later.state).toBe('translated');
  });

  maybe('lets only one of two concurrent files with the same interchange through', async () => {
    const p = partner();
    const a = await translatingFile(p, 'concurrent a');
    const b = await translatingFile(p, 'concurrent b');
    const since = new Date(Date.now() - 60_000);
    const results = await Promise.all([
      t.store.commitTranslation(a.id, commit(p, '000000300'), { duplicateSince: since }),
      t.store.commitTranslation(b.id, commit(p, '000000300'), { duplicateSince: since }),
    ]);
    expect(results.map((r) => r.state).sort()).toEqual(['duplicate', 'translated']);
  });

  maybe('refuses transitions from the wrong state', async () => {
    const p = partner();
    const { file } = await t.store.recordFile(newFile(p, 'states'));
    await expectCode(t.store.commitTranslation(file.id, commit(p, '000000400')), 'DS_STORE_INVALID_STATE');
    await expectCode(t.store.markFileFailed(file.id, 'x'), 'DS_STORE_INVALID_STATE');
    const claimed = await t.store.claimForTranslation(file.id);
    expect(claimed.state).toBe('translating');
    expect(claimed.claimedAt).toBeInstanceOf(Date);
    // A fresh claim is not taken over; a stale one (claimed before reclaimBefore) is.
    const err = await expectCode(t.store.claimForTranslation(file.id), 'DS_STORE_INVALID_STATE');
    expect(err.context).toMatchObject({ state: 'translating' });
    const reclaimed = await t.store.claimForTranslation(file.id, {
      reclaimBefore: new Date(Date.now() + 1000),
    });
    expect(reclaimed.state).toBe('translating');
    const failed = await t.store.markFileFailed(file.id, 'blob unreadable');
    expect(failed).toMatchObject({ state: 'failed', errorSummary: 'blob unreadable' });
    await expectCode(t.store.claimForTranslation(file.id), 'DS_STORE_INVALID_STATE');
    await expectCode(t.store.markDuplicate(file.id, file.id, 'same-bytes'), 'DS_STORE_INVALID_STATE');
    await expectCode(t.store.claimForTranslation(randomUUID()), 'DS_STORE_NOT_FOUND');
    await expectCode(t.store.reopenFile(randomUUID()), 'DS_STORE_NOT_FOUND');
    await expectCode(t.store.markOutboundDelivered(randomUUID(), 'x'), 'DS_STORE_NOT_FOUND');
  });

  maybe('lists files to translate: received and stale translating ones, oldest first', async () => {
    const p = partner();
    const t0 = new Date(Date.now() - 10_000);
    const a = (await t.store.recordFile(newFile(p, 'todo a', { receivedAt: t0 }))).file;
    const b = (await t.store.recordFile(newFile(p, 'todo b', { receivedAt: new Date(t0.getTime() + 1) })))
      .file;
    await t.store.claimForTranslation(b.id);
    const mine = (files: { partnerId: string; id: string }[]) =>
      files.filter((f) => f.partnerId === p).map((f) => f.id);
    expect(mine(await t.store.listFilesToTranslate({ limit: 1000 }))).toEqual([a.id]);
    expect(
      mine(await t.store.listFilesToTranslate({ limit: 1000, reclaimBefore: new Date(Date.now() + 1000) })),
    ).toEqual([a.id, b.id]);
    expect((await t.store.listFiles({ partnerId: p })).map((f) => f.id)).toEqual([b.id, a.id]);
    expect((await t.store.listFiles({ partnerId: p, state: 'translating' })).map((f) => f.id)).toEqual([
      b.id,
    ]);
    expect((await t.store.listFiles({ partnerId: p, limit: 1 })).map((f) => f.id)).toEqual([b.id]);
    expect((await t.store.listFiles({ partnerId: p, before: b.receivedAt })).map((f) => f.id)).toEqual([
      a.id,
    ]);
  });

  maybe('hands out control numbers that strictly increase and never repeat, per partner', async () => {
    const p = partner();
    const singles = await Promise.all(
      Array.from({ length: 50 }, () => t.store.nextControlNumbers(p, 'interchange')),
    );
    const values = singles.flat();
    expect(new Set(values).size).toBe(50);
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    const blocks = await Promise.all(
      Array.from({ length: 20 }, () => t.store.nextControlNumbers(p, 'set', 3)),
    );
    for (const block of blocks) expect(block).toEqual([block[0], block[0] + 1, block[0] + 2]);
    expect(new Set(blocks.flat()).size).toBe(60);
    expect(await t.store.nextControlNumbers(p, 'interchange')).toEqual([51]);
    expect(await t.store.nextControlNumbers(partner(), 'interchange')).toEqual([1]);
    expect(await t.store.nextControlNumbers(p, 'group', 2)).toEqual([1, 2]);
  });

  maybe('continues from a raised floor and refuses to pass 999999999', async () => {
    const p = partner();
    await t.store.nextControlNumbers(p, 'group', 5);
    // Onboarding a partner from another EDI system: continue after its last number.
    expect(await t.store.raiseControlNumber(p, 'group', 4000)).toBe(4000);
    expect(await t.store.raiseControlNumber(p, 'group', 10)).toBe(4000); // never lowered
    expect(await t.store.nextControlNumbers(p, 'group')).toEqual([4001]);
    await t.store.raiseControlNumber(p, 'group', 999_999_990);
    expect(await t.store.nextControlNumbers(p, 'group', 9)).toEqual([
      999_999_991, 999_999_992, 999_999_993, 999_999_994, 999_999_995, 999_999_996, 999_999_997, 999_999_998,
      999_999_999,
    ]);
    await expectCode(t.store.nextControlNumbers(p, 'group'), 'DS_STORE_CONTROL_NUMBER_EXHAUSTED');
    await expectCode(
      t.store.raiseControlNumber(p, 'set', 1_000_000_000),
      'DS_STORE_CONTROL_NUMBER_EXHAUSTED',
    );
  });

  maybe('reserves a block for one ack build and feeds the synchronous ack builder', async () => {
    const p = partner();
    const controls = await reserveControlNumbers(t.store, p, { interchange: 1, group: 1, set: 1 });
    expect(controls.next('interchange')).toBe(1);
    expect(controls.next('group')).toBe(1);
    expect(controls.next('set')).toBe(1);
    expect(() => controls.next('set')).toThrow(
      expect.objectContaining({ code: 'DS_STORE_CONTROL_BLOCK_EXHAUSTED' }),
    );
    const nextBuild = await reserveControlNumbers(t.store, p, { interchange: 1, group: 2, set: 2 });
    expect(nextBuild.next('interchange')).toBe(2);
    expect(nextBuild.unused()).toEqual({ interchange: [], group: [2, 3], set: [2, 3] });

    // The real builder on a real 850: the ack's ISA13, GS06 and ST02 come from the reservation.
    const report = analyzeX12(readFileSync(join(FIXTURES, 'bots-plugins__850-004010-01.x12')));
    const ic = report.interchanges[0];
    const reserved = await reserveControlNumbers(t.store, p, ackNeeds(ic.groups.length));
    const ack = buildAcks(ic, { controls: reserved })!;
    expect(ack).toMatch(/\*000000003\*[01]\*[PT]\*/); // ISA13 = the partner's third interchange number
    expect(ack).toMatch(/~?ST\*997\*0004/);
    expect(reserved.unused()).toEqual({ interchange: [], group: [], set: [] });
  });

  maybe('moves outbox events through claim, post, fail and dead', async () => {
    const p = partner();
    const file = await translatingFile(p, 'outbox');
    const events = [
      event(p, '000000500', '0001'),
      event(p, '000000500', '0002'),
      event(p, '000000500', '0003'),
    ];
    await t.store.commitTranslation(file.id, commit(p, '000000500', { events }));
    const ids = new Set(events.map((e) => e.id));
    const mine = <T extends { id: string }>(rows: T[]) => rows.filter((r) => ids.has(r.id));

    // Concurrent claims never hand out the same event.
    const day = 86_400_000;
    const [c1, c2] = await Promise.all([
      t.store.claimOutbox(1000, { leaseMs: day }),
      t.store.claimOutbox(1000, { leaseMs: day }),
    ]);
    const claimed = [...mine(c1), ...mine(c2)];
    expect(claimed.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(claimed.every((r) => r.attempts === 1)).toBe(true);
    for (const r of claimed)
      expect(await t.store.getOutboxEvent(r.id)).toMatchObject({ state: 'delivering' });
    expect(mine(await t.store.claimOutbox(1000))).toEqual([]); // leased

    const [e1, e2, e3] = events;
    const at = (
      e: CanonicalEvent,
      outcome: DeliverySettlement['outcome'],
      extra = {},
    ): DeliverySettlement => ({
      id: e.id,
      attempt: 1,
      connector: 'default',
      worker: 'test',
      startedAt: new Date(),
      durationMs: 3,
      outcome,
      ...extra,
    });
    const retryAt = new Date(Date.now() + 3600_000);
    expect(
      await t.store.settleDeliveries([
        at(e1, 'posted', { statusCode: 201 }),
        at(e2, 'retry', { error: 'ERP 503 \ud83d', statusCode: 503, retryAt }),
      ]),
    ).toEqual({ applied: [e1.id, e2.id], stale: [] });
    // Settled once: the same result again is stale (the row is no longer delivering).
    expect(await t.store.settleDeliveries([at(e1, 'posted')])).toEqual({ applied: [], stale: [e1.id] });
    expect(await t.store.getOutboxEvent(e1.id)).toMatchObject({ state: 'posted', lastError: null });
    // A lone surrogate in an error text is stored as U+FFFD.
    expect(await t.store.getOutboxEvent(e2.id)).toMatchObject({
      state: 'failed',
      lastError: 'ERP 503 \ufffd',
    });
    expect(mine(await t.store.claimOutbox(1000))).toEqual([]); // not due yet
    const due = mine(await t.store.claimOutbox(1000, { now: new Date(retryAt.getTime() + 1) }));
    expect(due.map((r) => r.id)).toEqual([e2.id]);
    expect(due[0].attempts).toBe(2);
    // A lease that ran out (the dispatcher died) is claimed again; the old claim's result is fenced off.
    const expired = mine(await t.store.claimOutbox(1000, { now: new Date(Date.now() + 2 * day) }));
    expect(expired.map((r) => r.id).sort()).toEqual([e2.id, e3.id].sort());
    const late = at(e3, 'retry', { error: 'late', retryAt });
    expect(await t.store.settleDeliveries([late])).toEqual({ applied: [], stale: [e3.id] });
    // The ERP's answer is kept as text PostgreSQL can hold: bounded to 4,000 characters, a NUL and
    // the half of an emoji the cut leaves become U+FFFD, the rest as sent.
    const head = '{"error":"unknown SKU \\ «Ü»\u0000"}\n';
    const answer = `${head}${'x'.repeat(3998 - head.length)}😀y`;
    const rejected = at(e3, 'rejected', { attempt: 2, statusCode: 422, response: answer });
    expect((await t.store.settleDeliveries([rejected])).applied).toEqual([e3.id]);
    expect(await t.store.getOutboxEvent(e3.id)).toMatchObject({
      state: 'dead',
      lastResponse: `${head.replace('\u0000', '\ufffd')}${'x'.repeat(3998 - head.length)}\ufffd…`,
    });
    // A late success needs no fence: the ERP has the event, so the re-claimed row is posted.
    expect(await t.store.settleDeliveries([at(e2, 'posted')])).toEqual({ applied: [e2.id], stale: [] });
    expect(await t.store.queries.deliveryAttempts(e3.id)).toEqual([
      expect.objectContaining({ attempt: 2, outcome: 'rejected', statusCode: 422, worker: 'test' }),
    ]);
    expect(await t.store.queries.deliveryAttempts(e1.id)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'posted', statusCode: 201 }),
    ]);

    // Replay: dead letters only by default, same id, attempts from zero, audited.
    expect(await t.store.replayOutbox({ partnerId: p })).toEqual([e3.id]);
    expect(await t.store.getOutboxEvent(e3.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await t.store.replayOutbox({ ids: [e3.id], states: ['queued', 'dead'] })).toEqual([]);
    // A whole file's events, posted ones included (the ERP dedupes on the id).
    const again = await t.store.replayOutbox({ fileId: file.id, states: ['posted', 'dead', 'failed'] });
    expect(again.sort()).toEqual([e1.id, e2.id].sort());
  });

  maybe('holds an event until earlier-ranked events of its business key are done', async () => {
    const p = partner();
    const key = `${p}:PO-1`;
    const invoice: CanonicalEvent = { ...event(p, '000000510'), type: 'invoice.received' };
    const order = event(p, '000000511');
    const other = event(p, '000000512');
    const route = (e: CanonicalEvent) => ({
      connector: 'default',
      orderKey: e.id === other.id ? null : key,
      orderRank: e.type === 'invoice.received' ? 3 : 0,
    });
    // The invoice is queued first, but its order outranks it.
    await t.store.enqueueEvents([invoice], { route });
    await t.store.enqueueEvents([order, other], { route });
    const ids = new Set([invoice.id, order.id, other.id]);
    const first = (await t.store.claimOutbox(1000)).filter((r) => ids.has(r.id));
    expect(first.map((r) => r.id).sort()).toEqual([order.id, other.id].sort());
    expect(first.find((r) => r.id === order.id)).toMatchObject({ connector: 'default' });
    expect(await t.store.getOutboxEvent(order.id)).toMatchObject({ orderKey: key });
    expect((await t.store.claimOutbox(1000)).filter((r) => ids.has(r.id))).toEqual([]);
    await t.store.settleDeliveries([settle(order), settle(other)]);
    expect((await t.store.claimOutbox(1000)).filter((r) => ids.has(r.id)).map((r) => r.id)).toEqual([
      invoice.id,
    ]);
    expect(await t.store.enqueueEvents([order], { route })).toEqual({
      queued: [],
      alreadyQueued: [order.id],
    });
  });

  maybe('skips paused connectors until they are resumed', async () => {
    const p = partner();
    const name = `erp-${p}`;
    const e = event(p, '000000520');
    await t.store.enqueueEvents([e], { route: () => ({ connector: name, orderKey: null, orderRank: 0 }) });
    await t.store.setConnectorPaused(name, true, 'admin');
    expect(await t.store.queries.connectorStates()).toContainEqual(
      expect.objectContaining({ name, paused: true }),
    );
    expect((await t.store.claimOutbox(1000)).some((r) => r.id === e.id)).toBe(false);
    const stats = await t.store.queries.stats([]);
    expect(stats.outbox.queued).toBeGreaterThanOrEqual(1);
    expect(stats.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(0);
    await t.store.setConnectorPaused(name, false, 'admin');
    expect((await t.store.claimOutbox(1000)).some((r) => r.id === e.id)).toBe(true);
  });

  maybe('reopens a translated file for reprocessing, keeping its events', async () => {
    const p = partner();
    const file = await translatingFile(p, 'reopen');
    const c = commit(p, '000000530');
    await t.store.commitTranslation(file.id, c);
    const { file: reopened, hadAcks } = await t.store.reopenFile(file.id);
    expect(reopened.state).toBe('received');
    expect(hadAcks).toBe(true);
    const detail = await t.store.fileDetail(file.id);
    expect(detail?.transactions).toEqual([]);
    expect(detail?.interchanges).toEqual([]);
    expect(detail?.events.map((e) => e.id)).toEqual([c.events[0].id]);
    await t.store.claimForTranslation(file.id);
    // Same translation again: no duplicate-interchange refusal against itself, events not queued twice, no second ack.
    const again = await t.store.commitTranslation(file.id, c, {
      duplicateSince: new Date(0),
      skipAcks: true,
    });
    expect(again).toMatchObject({ state: 'translated', queued: 0, alreadyQueued: [c.events[0].id] });
    expect((await t.store.fileDetail(file.id))?.outbound).toHaveLength(1);
    await expectCode(
      t.store.reopenFile(file.id).then(() => t.store.reopenFile(file.id)),
      'DS_STORE_INVALID_STATE',
    );
  });

  maybe('a file translated again after a fix updates its events not yet posted, and only those', async () => {
    // Found by probing: a reprocess after a mapping fix left the old payloads in the outbox, so
    // replaying the dead letters sent the same wrong data again.
    const p = partner();
    const file = await translatingFile(p, 'refresh');
    const before = ['0001', '0002', '0003', '0004', '0005'].map((set) => event(p, '000000540', set));
    await t.store.commitTranslation(file.id, commit(p, '000000540', { events: before, sets: [] }));
    const ids = new Set(before.map((e) => e.id));
    expect((await t.store.claimOutbox(1000)).filter((r) => ids.has(r.id))).toHaveLength(5);
    // 0001 posted, 0002 a dead letter, 0003 being delivered, 0004 and 0005 waiting for a retry.
    await t.store.settleDeliveries([
      settle(before[0], 'posted'),
      settle(before[1], 'rejected'),
      settle(before[3], 'retry'),
      settle(before[4], 'retry'),
    ]);
    const fixed = before.map((e, i) =>
      i === 4 ? e : { ...e, data: { ...(e.data as object), lines: [{ lineNumber: '1', quantity: 3 }] } },
    );
    await t.store.reopenFile(file.id);
    await t.store.claimForTranslation(file.id);
    // The file carries one event twice (a review found such files): the first is taken.
    const again = await t.store.commitTranslation(
      file.id,
      commit(p, '000000540', { events: [...fixed, { ...fixed[3], subject: 'second copy' }], sets: [] }),
      { skipAcks: true, refreshUnsent: true },
    );
    expect(again.queued).toBe(0);
    expect(again.refreshed.sort()).toEqual([before[1].id, before[3].id].sort());
    expect(again.alreadyQueued.sort()).toEqual([before[0].id, before[2].id, before[4].id].sort());
    const row = (i: number) => t.store.getOutboxEvent(before[i].id);
    expect(await row(0)).toMatchObject({ state: 'posted', payload: before[0] });
    expect(await row(1)).toMatchObject({ state: 'dead', payload: fixed[1] });
    expect(await row(2)).toMatchObject({ state: 'delivering', payload: before[2] });
    expect(await row(3)).toMatchObject({ state: 'failed', payload: fixed[3] });
    expect(await row(4)).toMatchObject({ state: 'failed', payload: before[4] });

    // Another file whose event has the same id (control numbers reused after the duplicate
    // window) does not change this file's dead letter, reprocessed or not.
    const other = await translatingFile(p, 'refresh, other file');
    const otherEvent = { ...fixed[1], subject: 'other file' };
    const first = await t.store.commitTranslation(other.id, commit(p, '000000540', { events: [otherEvent] }));
    expect(first.alreadyQueued).toEqual([before[1].id]);
    await t.store.reopenFile(other.id);
    await t.store.claimForTranslation(other.id);
    const reprocessed = await t.store.commitTranslation(
      other.id,
      commit(p, '000000540', { events: [otherEvent] }),
      { skipAcks: true, refreshUnsent: true },
    );
    expect(reprocessed).toMatchObject({ queued: 0, refreshed: [], alreadyQueued: [before[1].id] });
    expect(await row(1)).toMatchObject({ state: 'dead', payload: fixed[1] });
  });

  maybe('tracks outbound delivery', async () => {
    const p = partner();
    const file = await translatingFile(p, 'outbound');
    await t.store.commitTranslation(file.id, commit(p, '000000600'));
    const doc = await t.store.enqueueOutbound({ partnerId: p, kind: '856', content: 'ISA*856~' });
    const pending = await t.store.listPendingOutbound(1000, { partnerId: p });
    expect(pending.map((o) => o.kind).sort()).toEqual(['856', '997']);
    const ack = pending.find((o) => o.kind === '997')!;
    expect(ack.content).toBe('ISA*…*000000600~');

    const retryAt = new Date(Date.now() + 60_000);
    expect(await t.store.markOutboundFailed(doc.id, 'connection refused', retryAt)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'connection refused',
    });
    expect((await t.store.listPendingOutbound(1000, { partnerId: p })).map((o) => o.id)).toEqual([ack.id]);
    expect(
      (await t.store.listPendingOutbound(1000, { partnerId: p, now: new Date(retryAt.getTime() + 1) }))
        .map((o) => o.id)
        .sort(),
    ).toEqual([ack.id, doc.id].sort());

    // Claims lease: two senders at once never get the same document; a claimed one is not due
    // again before its lease ends (its sender died) unless it is settled.
    const later = new Date(retryAt.getTime() + 1);
    const mine = (rows: { id: string }[]) =>
      rows.map((o) => o.id).filter((id) => id === ack.id || id === doc.id);
    const [c1, c2] = await Promise.all([
      t.store.claimPendingOutbound(1000, { leaseMs: 60_000, now: later }),
      t.store.claimPendingOutbound(1000, { leaseMs: 60_000, now: later }),
    ]);
    expect([...mine(c1), ...mine(c2)].sort()).toEqual([ack.id, doc.id].sort());
    expect(mine(await t.store.claimPendingOutbound(1000, { leaseMs: 60_000, now: later }))).toEqual([]);
    expect(mine(await t.store.listPendingOutbound(1000, { partnerId: p, now: later }))).toEqual([]);
    const leaseEnd = new Date(later.getTime() + 60_001);
    expect(mine(await t.store.claimPendingOutbound(1000, { leaseMs: 60_000, now: leaseEnd })).sort()).toEqual(
      [ack.id, doc.id].sort(),
    );
    // Released (the embedded database's owner restarting): a leased pending row is due at once;
    // the failed one keeps waiting for its lease or retry time.
    expect(await t.store.releaseOutboundLeases()).toBeGreaterThanOrEqual(1);
    expect(mine(await t.store.listPendingOutbound(1000, { partnerId: p }))).toEqual([ack.id]);

    const delivered = await t.store.markOutboundDelivered(ack.id, 'outbound/997_000000001.x12');
    expect(delivered).toMatchObject({
      state: 'delivered',
      remoteName: 'outbound/997_000000001.x12',
      attempts: 1,
    });
    expect(delivered.deliveredAt).toBeInstanceOf(Date);
    await expectCode(t.store.markOutboundDelivered(ack.id, 'again'), 'DS_STORE_INVALID_STATE');
    await expectCode(t.store.markOutboundFailed(ack.id, 'x', retryAt), 'DS_STORE_INVALID_STATE');
  });

  maybe('hands a lease to one owner at a time, renews it for its owner, and lets it expire', async () => {
    const name = `poll:${partner()}`;
    expect(await t.store.takeLease(name, 'gateway-a', 60_000)).toBe(true);
    // Two gateways at once: the holder renews, the other is refused.
    const [a, b] = await Promise.all([
      t.store.takeLease(name, 'gateway-a', 60_000),
      t.store.takeLease(name, 'gateway-b', 60_000),
    ]);
    expect([a, b]).toEqual([true, false]);
    await t.store.releaseLease(name, 'gateway-b'); // not the holder: nothing happens
    expect(await t.store.takeLease(name, 'gateway-b', 60_000)).toBe(false);
    await t.store.releaseLease(name, 'gateway-a');
    expect(await t.store.takeLease(name, 'gateway-b', 1)).toBe(true);
    // gateway-b died holding it: once it expires, another gateway takes it.
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.takeLease(name, 'gateway-a', 60_000)).toBe(true);
    expect(await t.store.takeLease(name, 'gateway-b', 60_000)).toBe(false);
    // The embedded database's owner restarting after a crash: its old leases are gone at once.
    await t.store.releaseAllLeases();
    expect(await t.store.takeLease(name, 'gateway-b', 60_000)).toBe(true);
  });

  maybe('keeps an audit log', async () => {
    const subject = `file:${randomUUID()}`;
    await t.store.audit('ops:alice', 'file.replay', subject, { reason: 'fixed SKU map', n: 1 });
    await t.store.audit('system', 'file.received', subject);
    const log = await t.store.listAudit(subject);
    expect(log.map((a) => a.action)).toEqual(['file.received', 'file.replay']);
    expect(log[1]).toMatchObject({ actor: 'ops:alice', details: { reason: 'fixed SKU map', n: 1 } });
    expect(log[1].at).toBeInstanceOf(Date);
    // A refused SFTP request with a NUL in its path is audited too (PostgreSQL's text refuses NUL).
    const odd = `sftp:${randomUUID()}`;
    await t.store.audit('acme', 'sftp.realpath-refused', odd, { path: 'inbound/\u0000../../x' });
    await t.store.audit('acme', 'sftp.stat-refused', odd, { ['path\u0000']: 'x' });
    expect((await t.store.listAudit(odd)).map((a) => a.details)).toEqual([
      { 'path\ufffd': 'x' },
      { path: 'inbound/\ufffd../../x' },
    ]);
    await t.store.audit('acme', 'sftp.open-refused', `${odd}\u0000x`);
    expect((await t.store.listAudit(`${odd}\ufffdx`)).map((a) => a.action)).toEqual(['sftp.open-refused']);
  });

  maybe('refuses use after close', async () => {
    const closed = t.store;
    await t.db.reopen();
    await expectCode(closed.getFile(randomUUID()), 'DS_STORE_CLOSED');
    await closed.close(); // idempotent
    expect(await t.store.getFile(randomUUID())).toBeUndefined();
  });
});
