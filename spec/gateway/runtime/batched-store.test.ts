// The pipeline hands the store several files at once; the store coalesces what arrives together
// (records, claims, control-number reservations, commits) into shared statements and
// transactions. These tests check that a batch behaves exactly like the same calls one by one.
import { createHash, randomUUID } from 'node:crypto';
import { makeEvent } from '../../../canonical/cloudevent';
import { DocksideError } from '../../../canonical/errors';
import type { NewFile, TranslationCommit } from '../../../gateway/store/store';
import { BACKENDS, useTestDatabase } from '../store/support/backends';

jest.setTimeout(60_000);

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const partner = () => `p-${randomUUID().slice(0, 8)}`;

function newFile(partnerId: string, content: string): NewFile {
  return {
    partnerId,
    transport: 'dropzone',
    name: `${content}.x12`,
    sha256: sha(content),
    size: content.length,
  };
}

function commit(partnerId: string, control: string): TranslationCommit {
  const e = makeEvent({
    type: 'order.created',
    partnerId,
    subject: `PO-${control}`,
    time: '2026-11-27T10:00:00Z',
    sourceFormat: 'x12-850-004010',
    idParts: [partnerId, control, '1', '0001'],
    x12: { interchange: control, group: '1', set: '0001' },
    data: { purchaseOrderNumber: `PO-${control}`, lines: [{ lineNumber: '1', quantity: 2 }] },
  });
  return {
    events: [e],
    acks: [{ kind: '997', content: `ISA*…*${control}~` }],
    errors: [],
    accepted: true,
    interchanges: [{ control, senderQualifier: 'ZZ', senderId: 'NW' }],
    sets: [{ setId: '850', interchange: control, group: '1', control: '0001', status: 'A', eventId: e.id }],
  };
}

async function settle<T>(promises: Promise<T>[]): Promise<({ value: T } | { error: unknown })[]> {
  return Promise.all(
    promises.map((p) =>
      p.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    ),
  );
}

describe.each(BACKENDS)('batched store calls on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  const t = useTestDatabase(backend, skip);

  maybe('records a burst of files, a repeated one once', async () => {
    const p = partner();
    const results = await Promise.all([
      t.store.recordFile(newFile(p, 'burst a')),
      t.store.recordFile(newFile(p, 'burst b')),
      t.store.recordFile(newFile(p, 'burst a')),
      t.store.recordFile(newFile(p, 'burst c')),
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({ match: 'sha256', file: { id: results[0].file.id } });
    expect(new Set(results.map((r) => r.file.id)).size).toBe(3);
  });

  maybe('claims a burst; only the file that cannot be claimed is refused', async () => {
    const p = partner();
    const files = await Promise.all(['c1', 'c2', 'c3'].map((c) => t.store.recordFile(newFile(p, c))));
    const [a, b, c] = files.map((f) => f.file.id);
    await t.store.claimForTranslation(b);
    const reclaimBefore = new Date(Date.now() - 60_000);
    const claims = await settle([a, b, c].map((id) => t.store.claimForTranslation(id, { reclaimBefore })));
    expect('value' in claims[0] && claims[0].value.state).toBe('translating');
    expect('error' in claims[1] && (claims[1].error as DocksideError).code).toBe('DS_STORE_INVALID_STATE');
    expect('value' in claims[2] && claims[2].value.state).toBe('translating');
  });

  maybe('reserves disjoint control numbers for many files and kinds at once', async () => {
    const [p, q] = [partner(), partner()];
    const calls = [];
    for (let i = 0; i < 20; i++) {
      for (const who of [p, q]) {
        calls.push(t.store.nextControlNumbers(who, 'interchange', 1 + (i % 3)));
        calls.push(t.store.nextControlNumbers(who, 'set', 2));
      }
    }
    const blocks = await Promise.all(calls);
    for (const block of blocks) expect(block).toEqual(block.map((_, i) => block[0] + i));
    const byKey = new Map<number, number[]>();
    blocks.forEach((block, i) => byKey.set(i % 4, [...(byKey.get(i % 4) ?? []), ...block]));
    for (const values of byKey.values()) {
      expect(new Set(values).size).toBe(values.length);
      expect([...values].sort((x, y) => x - y)).toEqual(values.map((_, i) => i + 1));
    }
  });

  maybe('commits a burst: a repeated interchange inside it is a duplicate of the earlier file', async () => {
    const p = partner();
    const ids = [];
    for (const c of ['d1', 'd2', 'd3']) {
      const { file } = await t.store.recordFile(newFile(p, c));
      ids.push((await t.store.claimForTranslation(file.id)).id);
    }
    const since = new Date(Date.now() - 60_000);
    const results = await Promise.all([
      t.store.commitTranslation(ids[0], commit(p, '000000701'), { duplicateSince: since }),
      t.store.commitTranslation(ids[1], commit(p, '000000702'), { duplicateSince: since }),
      t.store.commitTranslation(ids[2], commit(p, '000000701'), { duplicateSince: since }),
    ]);
    expect(results.map((r) => r.state)).toEqual(['translated', 'translated', 'duplicate']);
    expect(results[2].duplicateOf).toBe(ids[0]);
    expect((await t.store.fileDetail(ids[2]))?.outbound).toEqual([]);
    for (const id of ids.slice(0, 2)) {
      const detail = await t.store.fileDetail(id);
      expect(detail?.file.state).toBe('translated');
      expect(detail?.outbound).toHaveLength(1);
      expect(detail?.events).toHaveLength(1);
      expect(detail?.interchanges).toHaveLength(1);
      expect(detail?.transactions).toHaveLength(1);
    }
  });

  maybe('commits a burst in which one file cannot commit: the others are committed', async () => {
    const p = partner();
    const ids = [];
    for (const c of ['e1', 'e2', 'e3']) {
      const { file } = await t.store.recordFile(newFile(p, c));
      ids.push(file.id);
    }
    await t.store.claimForTranslation(ids[0]);
    await t.store.claimForTranslation(ids[2]);
    // ids[1] was never claimed: it is still 'received'.
    const results = await settle([
      t.store.commitTranslation(ids[0], commit(p, '000000801')),
      t.store.commitTranslation(ids[1], commit(p, '000000802')),
      t.store.commitTranslation(ids[2], commit(p, '000000803')),
    ]);
    expect('value' in results[0] && results[0].value.state).toBe('translated');
    expect('error' in results[1] && (results[1].error as DocksideError).code).toBe('DS_STORE_INVALID_STATE');
    expect('value' in results[2] && results[2].value.state).toBe('translated');
    expect((await t.store.fileDetail(ids[1]))?.file.state).toBe('received');
    expect((await t.store.fileDetail(ids[1]))?.outbound).toEqual([]);
  });
});
