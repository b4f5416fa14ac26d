// Embedded PGlite on its own thread: statements in order, PostgreSQL's errors with their fields,
// the main thread free while a statement runs, and a store that cannot open says why.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocksideError } from '../../../canonical/errors';
import { openStore } from '../../../gateway/store';
import { openPgliteThread, type PgliteSession } from '../../../gateway/store/pglite-thread';

jest.setTimeout(60_000);

let dir: string;
let session: PgliteSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dockside-pglite-thread-'));
  session = await openPgliteThread(join(dir, 'db'));
});

afterAll(async () => {
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

test('statements run in the order they are sent, with typed rows', async () => {
  await session.exec('create table t (n integer, at timestamptz)');
  const at = new Date('2026-11-28T10:00:00Z');
  await Promise.all(
    Array.from({ length: 20 }, (_, n) => session.query('insert into t values ($1, $2)', [n, at])),
  );
  const { rows } = await session.query('select n, at from t order by at, n', []);
  expect(rows).toHaveLength(20);
  expect(rows[0]).toEqual({ n: 0, at });
  // Made on this thread: a Date of this realm, as PGlite on the main thread gave.
  expect((rows[0] as { at: unknown }).at).toBeInstanceOf(Date);
  const [result] = await session.exec('update t set n = n + 100 where n < 5');
  expect(result).toMatchObject({ command: 'UPDATE', affectedRows: 5 });
});

test('json and jsonb come back parsed, dates and infinities as PGlite gives them', async () => {
  const { rows } = await session.query(
    "select $1::jsonb as doc, '[1,2]'::json as list, null::jsonb as none, 'infinity'::timestamptz as never, '2026-11-28'::date as day",
    [JSON.stringify({ po: 'PO-1', lines: [{ qty: 2 }] })],
  );
  expect(rows).toEqual([
    {
      doc: { po: 'PO-1', lines: [{ qty: 2 }] },
      list: [1, 2],
      none: null,
      never: Infinity,
      day: new Date('2026-11-28T00:00:00Z'),
    },
  ]);
});

test('arrays of dates and JSON, and a later column of the same name, come back as PGlite gives them', async () => {
  const at = new Date('2026-11-28T10:00:00Z');
  const { rows } = await session.query(
    `select array[$1::timestamptz, null] as ats, array['{"a":1}'::jsonb] as docs,
       '2020-01-01'::timestamptz as x, 'hello' as x`,
    [at],
  );
  expect(rows).toEqual([{ ats: [at, null], docs: [{ a: 1 }], x: 'hello' }]);
  expect((rows[0] as { ats: unknown[] }).ats[0]).toBeInstanceOf(Date);
});

test('a parameter that cannot be sent to the thread is refused; the session goes on', async () => {
  const err = await session.query('select $1 as f', [() => 1]).catch((e: unknown) => e);
  expect(err).toMatchObject({ name: 'DataCloneError' });
  expect((await session.query('select 3 as three', [])).rows).toEqual([{ three: 3 }]);
});

test("a failing statement rejects with PostgreSQL's code and position; the session goes on", async () => {
  const err = await session.query('select 1 / $1::int', [0]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  expect(err).toMatchObject({ message: 'division by zero', code: '22012' });
  const syntax = await session.exec('selec 1').catch((e: unknown) => e);
  expect(syntax).toMatchObject({ code: '42601', position: expect.any(String) });
  expect((await session.query('select 2 as two', [])).rows).toEqual([{ two: 2 }]);
});

test('the event loop keeps running while a long statement runs on the database thread', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    const { rows } = await session.query(
      'select count(*)::int as n from generate_series(1, $1::int) a, generate_series(1, 100) b',
      [30_000],
    );
    expect(rows).toEqual([{ n: 3_000_000 }]);
  } finally {
    clearInterval(timer);
  }
  expect(ticks).toBeGreaterThan(0);
});

test('a thread that dies fails what is pending and what comes later with DS_STORE_FAILED, and says so once', async () => {
  const failures: DocksideError[] = [];
  const doomed = await openPgliteThread(join(dir, 'doomed'), (err) => failures.push(err));
  const pending = doomed
    .query('select count(*) from generate_series(1, 3000000)', [])
    .catch((e: unknown) => e);
  await doomed.thread.terminate();
  expect(await pending).toMatchObject({ code: 'DS_STORE_FAILED', context: { dataDir: join(dir, 'doomed') } });
  const later = await doomed.exec('select 1').catch((e: unknown) => e);
  expect(later).toBeInstanceOf(DocksideError);
  expect(later).toMatchObject({ code: 'DS_STORE_FAILED', message: expect.stringContaining('stopped') });
  expect(failures.map((f) => f.code)).toEqual(['DS_STORE_FAILED']);
  await doomed.close();
  // A session closed the normal way reports no failure.
  const calm: DocksideError[] = [];
  const fine = await openPgliteThread(join(dir, 'fine'), (err) => calm.push(err));
  await fine.close();
  await fine.close();
  expect(calm).toEqual([]);
  expect(await fine.query('select 1', []).catch((e: unknown) => e)).toMatchObject({
    code: 'DS_STORE_CLOSED',
  });
});

test('a data folder PGlite cannot use is refused with DS_STORE_OPEN_FAILED naming it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dockside-pglite-bad-'));
  try {
    // A file where the database folder should be.
    writeFileSync(join(home, 'pglite'), 'not a database');
    const err = await openStore({ home }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocksideError);
    expect(err).toMatchObject({ code: 'DS_STORE_OPEN_FAILED', message: expect.stringContaining(home) });
    // The lock was given back: a later open of a good folder in the same home is not refused.
    rmSync(join(home, 'pglite'));
    const store = await openStore({ home });
    await store.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
