// The raw file as rows for the file page: X12 one segment per row (read by the engine's own
// lexer, so delimiters come from each ISA), anything else one line per row. Each row keeps the
// byte offset where it starts, so the errors' offsets (and lines) can point at it.
import { inTurns } from '../in-turns';
import { X12Lexer } from '../../translators/x12/lexer';
import type { Delimiters } from '../../translators/x12/model';

/** One row of the raw view. */
export interface RawRow {
  /** 1-based row number (segment number in the file for X12, line number otherwise). */
  n: number;
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Byte offset where the row starts. */
  offset: number;
  text: string;
  /** X12: the segment tag. */
  tag?: string;
  /** X12: position in its transaction set (ST = 1), as acks count it; absent outside a set. */
  setPosition?: number;
  /** X12: the set control number (ST02) of the set the segment is in. */
  set?: string;
  /** X12: GS08 version of the group the segment is in. */
  version?: string;
}

/** The rows, and how the file was split. */
export interface RawView {
  kind: 'x12' | 'lines';
  rows: RawRow[];
  /** X12: the segment terminator and element separator read from the ISA. */
  terminator?: string;
  separator?: string;
  /** Whether the bytes were not valid UTF-8 (shown as Latin-1). */
  latin1: boolean;
}

function decode(bytes: Buffer): { text: string; latin1: boolean } {
  const text = bytes.toString('utf8');
  // U+FFFD only appears when the bytes were not UTF-8 (or contained it literally, which is rare).
  if (!text.includes('\uFFFD')) return { text, latin1: false };
  return { text: bytes.toString('latin1'), latin1: true };
}

/** Split a file for display. */
export async function rawView(bytes: Buffer): Promise<RawView> {
  const { text, latin1 } = decode(bytes);
  const x12 = await x12Rows(bytes, latin1);
  if (x12) return { kind: 'x12', ...x12, latin1 };
  return { kind: 'lines', rows: lineRows(text, latin1 ? 'latin1' : 'utf8'), latin1 };
}

/**
 * X12 rows as the engine's lexer reads them (delimiters from each ISA, unpadded and
 * hard-wrapped files included), so a row's offset and line are the ones errors carry.
 * Undefined when the lexer finds no X12 or gives up on an interchange: the lines view then
 * shows every byte.
 */
async function x12Rows(
  bytes: Buffer,
  latin1: boolean,
): Promise<{ rows: RawRow[]; terminator: string; separator: string } | undefined> {
  const rows: RawRow[] = [];
  let delimiters: Delimiters | undefined;
  let aborted = false;
  let setPosition = 0;
  let set: string | undefined;
  let version: string | undefined;
  // The lexer reads latin1 (a character per byte); shown text is UTF-8 when the file is.
  const shown = (s: string) => (latin1 ? s : Buffer.from(s, 'latin1').toString('utf8'));
  const lexer = new X12Lexer({
    interchange: (d) => (delimiters ??= d),
    segment(view, offset, line) {
      const tag = view.tag;
      if (tag === 'ST') {
        setPosition = 1;
        set = view.value(2);
      } else if (setPosition > 0) setPosition++;
      if (tag === 'GS') version = view.value(8).trim();
      rows.push({
        n: rows.length + 1,
        line,
        offset,
        text: shown(view.text.slice(view.start(0), view.endAt)),
        tag,
        ...(setPosition > 0 && { setPosition }),
        ...(set !== undefined && setPosition > 0 && { set }),
        ...(version !== undefined && { version }),
      });
      if (tag === 'SE') {
        setPosition = 0;
        set = undefined;
      }
    },
    issue: () => undefined,
    abort: () => (aborted = true),
  });
  // In turns of the event loop: a 16 MiB file is a second of lexing.
  for await (const piece of inTurns(bytes)) lexer.push(piece);
  lexer.end();
  if (aborted || rows.length === 0 || !delimiters) return undefined;
  return { rows, terminator: shown(delimiters.segment), separator: delimiters.element };
}

function lineRows(text: string, encoding: BufferEncoding): RawRow[] {
  const rows: RawRow[] = [];
  let offset = 0;
  const lines = text.split('\n');
  // A final newline ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (const [index, raw] of lines.entries()) {
    const shown = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    rows.push({ n: index + 1, line: index + 1, offset, text: shown });
    offset += Buffer.byteLength(raw, encoding) + 1;
  }
  return rows;
}

/** The row an error points at: by byte offset (X12), else by line; undefined when none fits. */
export function rowOf(
  view: RawView,
  at: { offset?: number; line?: number; segment?: number; set?: string },
): RawRow | undefined {
  const rows = view.rows;
  if (view.kind === 'x12' && at.offset !== undefined) {
    // The last row starting at or before the offset.
    let lo = 0;
    let hi = rows.length - 1;
    let found: RawRow | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].offset <= at.offset) {
        found = rows[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found) return found;
  }
  if (view.kind === 'x12' && at.set !== undefined && at.segment !== undefined) {
    return rows.find((r) => r.set === at.set && r.setPosition === at.segment);
  }
  if (at.line !== undefined) return rows.find((r) => r.line === at.line);
  return undefined;
}

/**
 * The rows worth showing of a long file: the first `head` rows and `context` rows around
 * each marked row, at most `max` in all. Gaps are where rows were left out.
 */
export function visibleRows(
  rows: readonly RawRow[],
  marked: ReadonlySet<number>,
  options: { head?: number; context?: number; max?: number } = {},
): (RawRow | { gap: number })[] {
  const head = options.head ?? 1000;
  const context = options.context ?? 5;
  const max = options.max ?? 5000;
  if (rows.length <= head) return [...rows];
  const keep = new Set<number>();
  for (let i = 0; i < head; i++) keep.add(i);
  for (const n of [...marked].sort((a, b) => a - b)) {
    if (keep.size >= max) break;
    for (let i = Math.max(0, n - 1 - context); i <= Math.min(rows.length - 1, n - 1 + context); i++)
      keep.add(i);
  }
  const out: (RawRow | { gap: number })[] = [];
  let gap = 0;
  for (let i = 0; i < rows.length; i++) {
    if (keep.has(i)) {
      if (gap > 0) out.push({ gap });
      gap = 0;
      out.push(rows[i]);
    } else gap++;
  }
  if (gap > 0) out.push({ gap });
  return out;
}
