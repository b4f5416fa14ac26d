// Streaming CSV → canonical events. Rows are read through csv-parse's stream API and only the
// rows of the current group are held, so memory does not grow with the file.
import { isUtf8 } from 'node:buffer';
import { Transform, finished as streamFinished, type Readable, type TransformCallback } from 'node:stream';
import { Parser } from 'csv-parse';
import { buildObject, evalKey, type BuildContext, type SourceRecord } from './build';
import { collect, emitRecord, type MappingOutput, type TranslateContext, type TranslateResult } from './emit';
import { mappingError, type MappingError } from './errors';
import type { Collection, CsvMapping, FieldRule, KeyRule } from './mapping-schema';
import { checkMapping } from './check';

type ParserItem = string[] | { failure: Error & { code?: string; lines?: number }; input?: true };

/**
 * Rows one group (one event) may have: the group is held until its key changes, so without a cap
 * a file whose rows all share a key is held whole. Past it the group is refused, its rows dropped.
 */
export const MAX_GROUP_ROWS = 100_000;
/** Characters one record may have: a quote never closed would otherwise buffer the rest of the file. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * csv-parse's stream, with two changes. (1) csv-parse destroys its stream on a syntax error,
 * which drops records already parsed but not yet consumed; the error becomes a final item
 * instead, so every row before a bad quote is still translated and the error arrives in order.
 * (2) The records of one input chunk are pushed as one array: one stream item per chunk
 * instead of per row keeps the async-iteration cost off the per-row path.
 * It also notes whether any chunk was not valid UTF-8, so cells are only searched for U+FFFD
 * (what the decoder leaves for bad bytes) in files that have some.
 */
class SettlingParser extends Parser {
  private batch: string[][] | undefined;
  suspectEncoding = false;

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.batch && Array.isArray(chunk)) {
      this.batch.push(chunk as string[]);
      return true;
    }
    return super.push(chunk, encoding);
  }
  override _transform(buf: Buffer, enc: BufferEncoding, cb: TransformCallback): void {
    // A multi-byte character split across chunks also fails isUtf8: that only costs a scan.
    if (!this.suspectEncoding && !isUtf8(buf)) this.suspectEncoding = true;
    this.batch = [];
    super._transform(buf, enc, (err?: Error | null) => this.settle(err, cb));
  }
  override _flush(cb: TransformCallback): void {
    this.batch = [];
    super._flush((err?: Error | null) => this.settle(err, cb));
  }
  /**
   * The input failed: the records parsed so far are read first, then the failure. Nothing is
   * flushed: a line the input was cut off in is not taken for a whole row.
   */
  inputFailed(err: Error): void {
    // After the input's end every row is here already: a late error of the input changes nothing.
    if (this.writableEnded || this.readableEnded || this.destroyed) return;
    this.push([{ failure: err, input: true }]);
    this.push(null);
  }
  private settle(err: Error | null | undefined, cb: TransformCallback): void {
    const batch = this.batch ?? [];
    this.batch = undefined;
    if (batch.length > 0) this.push(batch);
    if (err) {
      this.push([{ failure: err }]);
      this.push(null);
    }
    cb();
  }
}

/** The five bytes Windows-1252 leaves undefined (decoded as C1 controls: U+0081…). */
const UNDEFINED_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
const UNDEFINED_1252_TEXT = /[\u0081\u008d\u008f\u0090\u009d]/;

/**
 * Windows-1252 → UTF-8 for csv-parse (which only decodes Node encodings); skips a BOM. Calls
 * `suspect` once a chunk holds a byte Windows-1252 does not define.
 */
function windows1252(suspect: () => void): Transform {
  const decoder = new TextDecoder('windows-1252');
  let head: Buffer | undefined = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      let bytes = chunk;
      if (head !== undefined) {
        // The BOM may straddle chunks: hold the first three bytes until they are known.
        head = Buffer.concat([head, chunk]);
        if (head.length < 3) return cb();
        bytes = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
        head = undefined;
      }
      if (UNDEFINED_1252.some((b) => bytes.includes(b))) suspect();
      cb(null, Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8'));
    },
    flush(cb) {
      const rest = head && !(head[0] === 0xef && head[1] === 0xbb) ? decoder.decode(head) : '';
      cb(null, Buffer.from(rest + decoder.decode(), 'utf8'));
    },
  });
}

/** Columns the mapping reads, and whether a missing column makes every record fail. */
function columnRefs(m: CsvMapping): Map<string, boolean> {
  const refs = new Map<string, boolean>();
  const add = (from: string | number | undefined, required: boolean): void => {
    if (typeof from === 'string') refs.set(from, (refs.get(from) ?? false) || required);
  };
  const rule = (r: FieldRule): void => {
    add(r.from, r.required === true && r.default === undefined);
    r.concat?.forEach((c) => add(typeof c === 'object' ? c.from : c, false));
  };
  const key = (k: KeyRule | undefined): void => {
    if (typeof k === 'object') rule({ ...k, required: true });
    else add(k, true);
  };
  const walk = (fields: Record<string, FieldRule | Collection>): void => {
    for (const node of Object.values(fields)) {
      if ('fields' in node) {
        if (node.when) add(node.when.from, false);
        key(node.groupBy);
        walk(node.fields);
      } else rule(node);
    }
  };
  walk(m.fields);
  key(m.groupBy);
  return refs;
}

/** Line breaks inside the (quoted) fields of a row; CRLF counts once. */
function innerBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) {
    if (c.indexOf('\n') < 0 && c.indexOf('\r') < 0) continue;
    for (let i = 0; i < c.length; i++) {
      const ch = c.charCodeAt(i);
      if (ch === 10 || (ch === 13 && c.charCodeAt(i + 1) !== 10)) n += 1;
    }
  }
  return n;
}

interface Group {
  key: string | undefined;
  record: number;
  rows: SourceRecord[];
  errors: MappingError[];
  row: number;
  line: number;
  broken: boolean;
}

/**
 * Translate a CSV stream, yielding events and errors in file order as records complete.
 * A record is a group of contiguous rows with the same `groupBy` key (or one row without
 * groupBy). Never throws; breaking out of the loop stops reading and closes `input`.
 */
export async function* streamCsv(input: Readable, ctx: TranslateContext): AsyncGenerator<MappingOutput> {
  const file = ctx.fileName;
  const checked = checkMapping(ctx.mapping, 'csv', file);
  if (!checked.ok) {
    input.destroy();
    yield* checked.errors.map((error): MappingOutput => ({ kind: 'error', error }));
    return;
  }
  const m = checked.mapping as CsvMapping;
  const opts = m.csv;
  const tables = ctx.tables ?? {};

  // No `info`: it doubles csv-parse's cost, and its line count is wrong for CRLF inside quotes,
  // so rows and lines are counted here. relax_column_count: wrong counts are reported per row
  // instead of csv-parse stopping the file. bom: csv-parse strips a UTF-8 BOM itself.
  const parser = new SettlingParser({
    delimiter: opts.delimiter,
    quote: opts.quote,
    relax_column_count: true,
    bom: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  // Piped, not pipeline(): pipeline would destroy the parser on an input error and drop the rows
  // it had parsed but not yet handed over; the error comes after them instead.
  const cp1252 = opts.encoding === 'windows-1252';
  const source = cp1252 ? input.pipe(windows1252(() => (parser.suspectEncoding = true))) : input;
  // finished(): an error, or a close before the end (a destroyed input emits neither 'end' nor
  // 'error', and the parser would wait for its end forever).
  const onInputDone = (err?: Error | null) => {
    if (!err) return;
    input.unpipe();
    source.unpipe();
    parser.inputFailed(err);
  };
  streamFinished(input, onInputDone);
  if (source !== input) streamFinished(source, onInputDone);
  source.pipe(parser);

  let header: Map<string, number> | undefined;
  /** Column names by position (header mode), for messages. */
  let names: string[] = [];
  let expected = opts.columns;
  let nextLine = 1;
  let rows = 0;
  let records = 0;
  let current: Group | undefined;
  // Finished keys, oldest first; capped so memory stays bounded (see README: contiguous groups).
  // A ring of the last keys plus a Set for lookups: evicting the oldest stays O(1) (taking a
  // Set's first entry is not, once many entries were deleted).
  const finished = new Set<string>();
  const ring: string[] = [];
  let ringPos = 0;

  const finish = function* (g: Group): Generator<MappingOutput> {
    if (g.key !== undefined && !g.broken && m.groupBy !== undefined && opts.maxTrackedGroups > 0) {
      if (ring.length < opts.maxTrackedGroups) ring.push(g.key);
      else {
        finished.delete(ring[ringPos]);
        ring[ringPos] = g.key;
        ringPos = (ringPos + 1) % opts.maxTrackedGroups;
      }
      finished.add(g.key);
    }
    const bctx: BuildContext = { tables, file, record: g.record, errors: g.errors };
    if (!g.broken) {
      const data = buildObject(m.fields, g.rows, bctx);
      if (g.errors.length === 0) {
        yield* emitRecord(data, g.record, ctx, { row: g.row, line: g.line });
        return;
      }
    }
    yield* g.errors.map((error): MappingOutput => ({ kind: 'error', error }));
  };

  /**
   * Reading stopped: a complete row still open is translated (without groupBy a row is complete
   * once read); an open group may lack rows, so it is not, and the error names it.
   */
  const failed = function* (
    message: string,
    at: { line?: number },
    code: 'DS_MAP_CSV_MALFORMED' | 'DS_MAP_INPUT_ERROR' = 'DS_MAP_CSV_MALFORMED',
  ): Generator<MappingOutput> {
    const open = current;
    current = undefined;
    if (open && m.groupBy === undefined) yield* finish(open);
    const lost = open && m.groupBy !== undefined;
    // What was found in the open group's rows so far is still reported.
    if (lost) yield* open.errors.map((error): MappingOutput => ({ kind: 'error', error }));
    const text = lost
      ? `${message} Record ${open.record} (group "${open.key}"), being read, is not translated.`
      : message;
    yield {
      kind: 'error',
      error: mappingError(code, text, file, { record: lost ? open.record : records + 1, ...at }),
    };
  };

  try {
    for await (const batch of parser as AsyncIterable<ParserItem[]>)
      for (const item of batch) {
        if (!Array.isArray(item)) {
          const e = item.failure;
          if (item.input) {
            yield* failed(
              `Reading the file failed: ${e.message}. Nothing after it was read.`,
              {},
              'DS_MAP_INPUT_ERROR',
            );
            return;
          }
          // csv-parse's line is where it gave up (the end of the file, for a quote never
          // closed); the failed record starts where the last good one ended.
          const detail =
            e.code === 'CSV_QUOTE_NOT_CLOSED'
              ? `a quoted field of the record starting at line ${nextLine} is never closed`
              : e.message.replace(/\.$/, '');
          yield* failed(`CSV syntax error: ${detail}. Nothing after it was read.`, { line: nextLine });
          return;
        }
        const cells = item;
        const line = nextLine;
        nextLine = line + 1 + innerBreaks(cells);
        // An empty line parses as one empty field; skipped (and not counted as a row) like csv-parse's skip_empty_lines.
        if (cells.length === 1 && cells[0] === '') continue;
        const row = ++rows;
        if (row <= opts.skipRows) continue;

        if (opts.header && header === undefined) {
          header = new Map();
          names = cells.map((name) => name.trim());
          names.forEach((n, i) => {
            if (!header?.has(n)) header?.set(n, i);
          });
          expected ??= cells.length;
          const missing = [...columnRefs(m)].filter(([name, required]) => required && !header?.has(name));
          if (missing.length > 0) {
            for (const [name] of missing) {
              yield {
                kind: 'error',
                error: mappingError(
                  'DS_MAP_CSV_COLUMN_MISSING',
                  `The header has no column "${name}", which the mapping requires; no row was translated.`,
                  file,
                  { row, line, column: name },
                ),
              };
            }
            return;
          }
          continue;
        }
        expected ??= cells.length;

        const cols = header;
        const at = (from: string | number) => ({ row, line, column: from });
        const rec: SourceRecord = {
          get: (from) => cells[typeof from === 'number' ? from - 1 : (cols?.get(from) ?? -1)],
          at,
          each: () => [],
        };
        const rowErrors: MappingError[] = [];
        if (cells.length !== expected) {
          rowErrors.push(
            mappingError(
              'DS_MAP_CSV_COLUMN_COUNT',
              `Row ${row} has ${cells.length} columns; ${expected} were expected.`,
              file,
              { row, line, value: String(cells.length) },
            ),
          );
        }
        if (parser.suspectEncoding)
          cells.forEach((cell, i) => {
            // U+FFFD is what the decoder leaves for bytes that are not UTF-8 (see README); the
            // Windows-1252 decoder turns the bytes it does not define into C1 controls.
            if (cp1252 ? UNDEFINED_1252_TEXT.test(cell) : cell.includes('\uFFFD')) {
              const column = cols ? (names[i] ?? i + 1) : i + 1;
              rowErrors.push(
                mappingError(
                  'DS_MAP_ENCODING',
                  `Column ${column} of row ${row} has bytes that are not valid ${opts.encoding}.`,
                  file,
                  { row, line, column, value: cell },
                ),
              );
            }
          });

        let key: string | undefined;
        if (m.groupBy !== undefined) {
          const keyErrors: MappingError[] = [];
          key = evalKey(m.groupBy, rec, 'groupBy', { tables, file, record: records + 1, errors: keyErrors });
          if (key === undefined) {
            // A row without a key is its own failed record: it neither ends nor joins the open group.
            records += 1;
            const msg = `Row ${row} has no group key, so it belongs to no record.`;
            const errs =
              keyErrors.length > 0
                ? keyErrors
                : [
                    mappingError('DS_MAP_REQUIRED_MISSING', msg, file, {
                      record: records,
                      row,
                      line,
                      field: 'groupBy',
                    }),
                  ];
            for (const e of [...errs, ...rowErrors])
              yield { kind: 'error', error: { ...e, record: records } };
            continue;
          }
        }
        if (current === undefined || m.groupBy === undefined || key !== current.key) {
          if (current) yield* finish(current);
          records += 1;
          current = { key, record: records, rows: [], errors: [], row, line, broken: false };
          if (key !== undefined && finished.has(key)) {
            current.broken = true;
            current.errors.push(
              mappingError(
                'DS_MAP_GROUP_NOT_CONTIGUOUS',
                `Rows of group "${key}" appear again at row ${row} after another group; rows of one group must be contiguous.`,
                file,
                { record: records, row, line, value: key },
              ),
            );
          }
        }
        if (current.rows.length === MAX_GROUP_ROWS) {
          current.broken = true;
          current.rows = [];
          current.errors.push(
            mappingError(
              'DS_MAP_GROUP_TOO_LARGE',
              `Group "${key}" has more than ${MAX_GROUP_ROWS} rows (row ${row}); one event cannot hold it.`,
              file,
              { record: current.record, row, line, value: key },
            ),
          );
        }
        // A broken group (too large, not contiguous) has its reason; its rows are not held, nor
        // their findings (they would grow with the file).
        if (!current.broken) {
          current.rows.push(rec);
          for (const e of rowErrors) current.errors.push({ ...e, record: current.record });
        }
      }
    if (current) yield* finish(current);
  } catch (err) {
    yield* failed(`Reading the file failed: ${(err as Error).message}.`, {}, 'DS_MAP_INPUT_ERROR');
  } finally {
    parser.destroy();
    source.destroy();
    input.destroy();
  }
}

/** Translate a whole CSV stream into arrays (convenient for small files; use streamCsv for big ones). */
export async function translateCsv(input: Readable, ctx: TranslateContext): Promise<TranslateResult> {
  const result: TranslateResult = { events: [], errors: [] };
  for await (const out of streamCsv(input, ctx)) collect([out], result);
  return result;
}
