// Embedded PGlite on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly: every
// statement runs synchronously on the thread that owns it. On the gateway's main thread a claim,
// a settlement or a slow ops query would stop the event loop (SFTP sessions, AS2 receipts, HTTP
// deliveries, the web console) for as long as it runs; here the database works beside them.
import { Worker } from 'node:worker_threads';
import { DocksideError } from '../../canonical/errors';
import { storeClosed } from './sql-helpers';

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
  /** The database's thread (its id and resource use for diagnostics). */
  readonly thread: Worker;
}

// Column types whose values the main thread makes itself (see `localize`): date, timestamp,
// timestamptz, json, jsonb, and arrays of them (PGlite parses an array's elements with its
// element type's parser, so those come back as arrays of text).
const DATE_TYPES = new Set([1082, 1114, 1184, 1182, 1115, 1185]);
const JSON_TYPES = new Set([114, 3802, 199, 3807]);

// The thread's code is plain CommonJS run from a string, so the same code runs from dist/ and
// under the test runner (which transforms TypeScript for the main thread only). Dates and JSON
// come back as their text, with the names of their columns (`late`; where two columns share a
// name the row holds the last one, so its type decides); other values, command and counts as
// PGlite made them. An error goes back as its message and own fields (code, detail, position…),
// which structured cloning of an Error would drop; one without a message (a file-system errno)
// is named by its name, code and errno.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const late = new Set(workerData.late);
const parsers = Object.fromEntries(workerData.late.map((t) => [t, (text) => text]));
const nameOf = (e) =>
  e && typeof e === 'object' && (e.name || e.code || e.errno)
    ? [e.name, e.code, e.errno !== undefined && 'errno ' + e.errno].filter(Boolean).join(' ')
    : String(e);
const plain = (e) => ({ ...e, message: e && e.message !== undefined ? e.message : nameOf(e) });
const slim = (r) => {
  const types = new Map(r.fields.map((f) => [f.name, f.dataTypeID]));
  return {
    rows: r.rows,
    command: r.command,
    rowCount: r.rowCount,
    affectedRows: r.affectedRows,
    late: [...types].filter(([, type]) => late.has(type)),
  };
};
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

/** A date, timestamp or JSON value from its text, as PGlite makes it; arrays element by element. */
function valueOf(text: unknown, json: boolean): unknown {
  if (Array.isArray(text)) return text.map((t) => valueOf(t, json));
  if (typeof text !== 'string') return text;
  if (json) return JSON.parse(text);
  return text === 'infinity' ? Infinity : text === '-infinity' ? -Infinity : new Date(text);
}

/**
 * Dates and JSON values made on this thread, as PGlite would have made them. Made on the other
 * thread they would come from its realm (a Date that is not `instanceof Date` in a VM context
 * such as the test runner's), and an object costs more to copy across than its text.
 */
function localize(result: SentResult): SessionResult {
  for (const [name, type] of result.late) {
    const json = JSON_TYPES.has(type);
    for (const row of result.rows as Record<string, unknown>[]) row[name] = valueOf(row[name], json);
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

/**
 * Open PGlite on `dataDir` in a worker thread; rejects with PGlite's error when it cannot open.
 * Should the thread die later (an abort inside PGlite, memory), every pending and later
 * statement fails with DS_STORE_FAILED and `onFailure` is told once: the database cannot come
 * back in this process.
 */
export async function openPgliteThread(
  dataDir: string,
  onFailure: (err: DocksideError) => void = () => undefined,
): Promise<PgliteSession> {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      dataDir,
      pglite: require.resolve('@electric-sql/pglite'),
      late: [...DATE_TYPES, ...JSON_TYPES],
    },
  });
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

  const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: DocksideError | undefined;
  let closing = false;
  // Like PGlite on the main thread, an idle session does not keep the process alive; one that
  // is running a statement does.
  worker.unref();
  const settle = (id: number) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    return w;
  };
  const failAll = (reason: string) => {
    if (failure) return;
    failure = closing
      ? storeClosed()
      : new DocksideError('DS_STORE_FAILED', `the embedded database stopped: ${reason}`, { dataDir });
    for (const id of [...waiting.keys()]) settle(id)!.reject(failure);
    if (!closing) onFailure(failure);
  };
  worker.on('message', (m: Reply) => {
    const w = settle(m.id!);
    if (m.error) w?.reject(errorOf(m.error));
    else w?.resolve(m.result);
  });
  worker.on('error', (err) => failAll(err.message));
  worker.on('exit', (code) => failAll(`its thread exited (code ${code})`));

  const call = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (err) {
        // A parameter that cannot be copied to the thread (a function, a symbol).
        settle(id);
        reject(err as Error);
      }
    });

  let closed: Promise<void> | undefined;
  return {
    thread: worker,
    exec: async (text) => (await call<SentResult[]>({ op: 'exec', text })).map(localize),
    query: async (text, params) => localize(await call<SentResult>({ op: 'query', text, params })),
    close: () =>
      (closed ??= (async () => {
        // The thread ends itself once PGlite is closed: that exit is no failure.
        closing = true;
        try {
          // A thread that already failed has nothing left to close.
          if (!failure) await call<null>({ op: 'close' });
        } finally {
          await worker.terminate();
        }
      })()),
  };
}
