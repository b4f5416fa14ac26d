// Embedded PGlite on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly: every
// statement runs synchronously on the thread that owns it. On the gateway's main thread a claim,
// a settlement or a slow ops query would stop the event loop (SFTP sessions, AS2 receipts, HTTP
// deliveries, the web console) for as long as it runs; here the database works beside them.
import { Worker } from 'node:worker_threads';

/** One result of a statement, as the pool reads it. */
export interface SessionResult {
  rows: unknown[];
  command?: string;
  rowCount?: number;
  affectedRows?: number;
}

/** The PGlite session the pool hands out: one statement at a time, in order. */
export interface PgliteSession {
  /** Statements without parameters, by the simple query protocol; one result per statement. */
  exec(text: string): Promise<SessionResult[]>;
  /** One statement with parameters (extended protocol), rows as objects. */
  query(text: string, params: unknown[]): Promise<SessionResult>;
  close(): Promise<void>;
}

// Column types whose values the main thread makes itself (see `localize`): date, timestamp,
// timestamptz, json, jsonb.
const DATE_TYPES = [1082, 1114, 1184];
const JSON_TYPES = [114, 3802];

// The thread's code is plain CommonJS run from a string, so the same code runs from dist/ and
// under the test runner (which transforms TypeScript for the main thread only). Dates and JSON
// come back as their text, with the names of their columns (`late`); other values, command
// and counts as PGlite made them. An error goes back as its message and own fields (code,
// detail, position…), which structured cloning of an Error would drop.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const late = new Set(workerData.late);
const parsers = Object.fromEntries(workerData.late.map((t) => [t, (text) => text]));
const plain = (e) => ({ ...e, message: e && e.message !== undefined ? e.message : String(e) });
const slim = (r) => ({
  rows: r.rows,
  command: r.command,
  rowCount: r.rowCount,
  affectedRows: r.affectedRows,
  late: r.fields.filter((f) => late.has(f.dataTypeID)).map((f) => [f.name, f.dataTypeID]),
});
PGlite.create(workerData.dataDir, { parsers }).then(
  (pg) => {
    parentPort.postMessage({ opened: true });
    parentPort.on('message', async (m) => {
      try {
        if (m.op === 'exec') parentPort.postMessage({ id: m.id, result: (await pg.exec(m.text)).map(slim) });
        else if (m.op === 'query') parentPort.postMessage({ id: m.id, result: slim(await pg.query(m.text, m.params, { rowMode: 'object' })) });
        else {
          await pg.close();
          parentPort.postMessage({ id: m.id, result: null });
          parentPort.close();
        }
      } catch (e) {
        parentPort.postMessage({ id: m.id, error: plain(e) });
      }
    });
  },
  (e) => parentPort.postMessage({ opened: false, error: plain(e) }),
);
`;

/** A result as the thread sends it: `late` names the columns still in text. */
interface SentResult extends SessionResult {
  late: [name: string, type: number][];
}

/**
 * Dates and JSON values made on this thread, as PGlite would have made them. Made on the other
 * thread they would come from its realm (a Date that is not `instanceof Date` in a VM context
 * such as the test runner's), and an object costs more to copy across than its text.
 */
function localize(result: SentResult): SessionResult {
  for (const [name, type] of result.late) {
    const json = JSON_TYPES.includes(type);
    for (const row of result.rows as Record<string, unknown>[]) {
      const text = row[name];
      if (typeof text !== 'string') continue;
      row[name] = json
        ? JSON.parse(text)
        : text === 'infinity'
          ? Infinity
          : text === '-infinity'
            ? -Infinity
            : new Date(text);
    }
  }
  const { rows, command, rowCount, affectedRows } = result;
  return { rows, command, rowCount, affectedRows };
}

interface Reply {
  id?: number;
  opened?: boolean;
  result?: unknown;
  error?: Record<string, unknown> & { message: string };
}

/** An Error with the fields the thread sent (code, detail, …), as PGlite would have thrown it. */
function errorOf(sent: Reply['error']): Error {
  return Object.assign(new Error(sent?.message ?? 'PGlite thread failed'), sent);
}

/** Open PGlite on `dataDir` in a worker thread; rejects with PGlite's error when it cannot open. */
export async function openPgliteThread(dataDir: string): Promise<PgliteSession> {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      dataDir,
      pglite: require.resolve('@electric-sql/pglite'),
      late: [...DATE_TYPES, ...JSON_TYPES],
    },
  });
  const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (err: Error) => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  await new Promise<void>((resolve, reject) => {
    const exited = (code: number) => fail(new Error(`the PGlite thread exited (${code}) while opening`));
    const fail = (err: Error) => {
      worker.off('exit', exited).off('error', fail);
      reject(err);
    };
    worker.once('error', fail).once('exit', exited);
    worker.once('message', (m: Reply) => {
      if (m.opened) {
        worker.off('exit', exited).off('error', fail);
        resolve();
      } else {
        fail(errorOf(m.error));
        void worker.terminate();
      }
    });
  });
  // Like PGlite on the main thread, an idle session does not keep the process alive; one that
  // is running a statement does.
  worker.unref();
  worker.on('message', (m: Reply) => {
    const w = waiting.get(m.id!);
    if (!w) return;
    waiting.delete(m.id!);
    if (waiting.size === 0) worker.unref();
    if (m.error) w.reject(errorOf(m.error));
    else w.resolve(m.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the PGlite thread exited (${code})`)));

  const call = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });

  let closed: Promise<void> | undefined;
  return {
    exec: async (text) => (await call<SentResult[]>({ op: 'exec', text })).map(localize),
    query: async (text, params) => localize(await call<SentResult>({ op: 'query', text, params })),
    close: () =>
      (closed ??= (async () => {
        // A thread that already failed has nothing left to close.
        if (!failure) await call<null>({ op: 'close' });
        await worker.terminate();
      })()),
  };
}
