// Streaming X12 lexer: bytes in (any chunking), segments out, in constant memory.
//
// Input is read as latin1 so one character is one byte: offsets are byte offsets and values
// are never re-encoded or trimmed. Delimiters come from each ISA (StAEDI's X12Dialect reads
// them at fixed offsets 3, 82, 104, 105; Dockside counts the 16 element separators instead,
// so unpadded ISA fields and hard-wrapped files still read).
import { Delimiters } from './model';
import { issue, X12Issue } from './issues';
import { SegmentView } from './segment-view';

/** What the lexer hands on. */
export interface LexerSink {
  /** A new interchange starts (called right before its ISA segment). */
  interchange(delimiters: Delimiters): void;
  /** One segment. The view is reused for the next segment: copy what you keep. */
  segment(view: SegmentView, offset: number, line: number): void;
  /** A finding of the lexer itself (bad delimiters, truncation, stray data). */
  issue(found: X12Issue): void;
  /** The current interchange cannot be read further (its issue was reported just before). */
  abort(): void;
  /** True once the consumer wants nothing more: the lexer stops reading, mid-chunk too. */
  readonly halted?: boolean;
}

/** Longest segment accepted; beyond it the input is not X12 and memory must stay bounded. */
export const MAX_SEGMENT_LENGTH = 256 * 1024;
/** How far after "ISA" the 16 element separators must appear (106 characters when padded). */
const ISA_SEARCH_WINDOW = 400;
/**
 * Bytes are decoded this many at a time. V8 allocates strings over 128 KiB in its large-object
 * space, several times slower than smaller ones: a 256 KiB chunk decoded whole cost 4 ns a byte,
 * in 64 KiB pieces well under 1 ns.
 */
const DECODE_PIECE = 64 * 1024;

const BOM = '\xef\xbb\xbf';
const isAlnum = (ch: string): boolean => /^[A-Za-z0-9]$/.test(ch);
const isBlank = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
/** Control characters other than CR and LF (which hard-wrapped files strip from segments). */
const CONTROL = /[\x00-\x09\x0b\x0c\x0e-\x1f]/g;

type Mode = 'seek' | 'isa' | 'body';

/** Push bytes with `push`, finish with `end`; segments arrive at the sink as they complete. */
export class X12Lexer {
  private text = '';
  /** Byte offset of text[0] in the whole input. */
  private base = 0;
  private pos = 0;
  private mode: Mode = 'seek';
  private delims: Delimiters | undefined;
  /** Newline-as-terminator: the character that ends segments ('\n' or '\r'). */
  private newline: string | undefined;
  /** CR/LF are not data when another terminator is used (hard-wrapped files); they are dropped. */
  private stripNewlines = false;
  private lineChar = '\n';
  private line = 1;
  /** Offset (absolute) up to which lines have been counted. */
  private lineMark = 0;
  private sawContent = false;
  private interchanges = 0;
  private strayReported = false;
  private readonly view = new SegmentView();
  /** Cached index of the next CR and LF at or after the scan position (-1: none left). */
  private nextLf = -2;
  private nextCr = -2;
  /** `text` holds no control character but CR/LF: segments need no per-character check for them. */
  private controlFree = true;

  constructor(private readonly sink: LexerSink) {}

  push(chunk: Buffer | string): void {
    if (typeof chunk !== 'string' && chunk.length > DECODE_PIECE) {
      for (let i = 0; i < chunk.length; i += DECODE_PIECE) this.push(chunk.subarray(i, i + DECODE_PIECE));
      return;
    }
    if (this.sink.halted) return;
    if (this.pos > 0) {
      if (this.lineMark < this.base + this.pos) this.lineAt(this.base + this.pos);
      this.text = this.text.slice(this.pos);
      this.base += this.pos;
      this.pos = 0;
    }
    const kept = this.text.length;
    if (typeof chunk === 'string') this.text = kept === 0 ? chunk : this.text + chunk;
    else if (kept === 0) this.text = chunk.toString('latin1');
    // Joined as bytes, the text is one flat string: every charCodeAt and indexOf on a
    // concatenated (cons) string pays an indirection.
    else this.text = Buffer.concat([Buffer.from(this.text, 'latin1'), chunk]).toString('latin1');
    // The kept part was scanned with the text it came from; rescan it only if that had a control.
    CONTROL.lastIndex = this.controlFree ? kept : 0;
    this.controlFree = !CONTROL.test(this.text);
    this.nextLf = this.nextCr = -2;
    this.run(false);
  }

  end(): void {
    if (this.sink.halted) return;
    this.run(true);
    if (this.interchanges === 0) {
      const code = this.sawContent ? 'DS_X12_NO_ISA' : 'DS_X12_EMPTY_INPUT';
      this.sink.issue(issue(code, { offset: 0, line: 1, segment: 0 }));
    }
  }

  private run(final: boolean): void {
    for (;;) {
      if (this.sink.halted) return;
      const progressed =
        this.mode === 'seek'
          ? this.seek(final)
          : this.mode === 'isa'
            ? this.readIsa(final)
            : this.readSegment(final);
      if (!progressed) return;
    }
  }

  /** Advance the line count to absolute offset `to`. */
  private lineAt(to: number): number {
    if (to === this.lineMark) return this.line;
    const text = this.text;
    let from = this.lineMark - this.base;
    const end = to - this.base;
    const ch = this.lineChar;
    for (;;) {
      const j = text.indexOf(ch, from);
      if (j === -1 || j >= end) break;
      this.line++;
      from = j + 1;
    }
    this.lineMark = to;
    return this.line;
  }

  /** Skip BOM, blanks and stray data up to the next "ISA". */
  private seek(final: boolean): boolean {
    const text = this.text;
    let p = this.pos;
    // A BOM cut by the chunking: wait for the rest before deciding what the file starts with.
    if (this.base + p === 0 && !final && text.length < 3 && BOM.startsWith(text)) return false;
    if (this.base + p === 0 && text.startsWith(BOM)) p += 3;
    while (p < text.length && isBlank(text.charCodeAt(p))) p++;
    if (p >= text.length) {
      this.pos = p;
      this.lineAt(this.base + p);
      return false;
    }
    this.sawContent = true;
    const at = this.findIsa(p);
    if (at === -1) {
      // Keep the last two characters: "IS" may be completed by the next chunk.
      const keep = final ? text.length : Math.max(p, text.length - 2);
      if (final || keep > p) this.reportStray(p);
      this.pos = keep;
      this.lineAt(this.base + keep);
      return false;
    }
    if (at > p) this.reportStray(p);
    this.pos = at;
    this.lineAt(this.base + at);
    this.mode = 'isa';
    return true;
  }

  private findIsa(from: number): number {
    const text = this.text;
    for (let i = text.indexOf('ISA', from); i !== -1; i = text.indexOf('ISA', i + 1)) {
      const sep = text[i + 3];
      if (sep === undefined) return i; // decided when more arrives
      if (!isAlnum(sep) && !isBlank(sep.charCodeAt(0))) return i;
    }
    return -1;
  }

  private reportStray(p: number): void {
    if (this.strayReported || this.interchanges === 0) return;
    this.strayReported = true;
    const offset = this.base + p;
    this.sink.issue(
      issue('DS_X12_DATA_OUTSIDE_INTERCHANGE', { offset, line: this.lineAt(offset), segment: 0 }),
    );
  }

  /** Read the ISA header: its delimiters, then the segment itself. */
  private readIsa(final: boolean): boolean {
    const text = this.text;
    const start = this.pos;
    const sep = text[start + 3];
    if (sep === undefined) return this.isaShort(final);
    // findIsa took "ISA" at the end of a chunk: the next character, now here, shows it is text
    // ("ISA0", "ISAAC"), not a header; look further.
    if (isAlnum(sep) || isBlank(sep.charCodeAt(0))) {
      this.pos = start + 3;
      this.mode = 'seek';
      return true;
    }
    // Count 16 element separators, skipping CR/LF of hard-wrapped files.
    let clean = 'ISA';
    let seps = 0;
    let i = start + 3;
    const limit = Math.min(text.length, start + ISA_SEARCH_WINDOW);
    for (; i < limit && seps < 16; i++) {
      const ch = text[i];
      if (ch === '\r' || ch === '\n') continue;
      if (ch === sep) seps++;
      clean += ch;
    }
    // After the 16th separator: ISA16 (component separator), then the segment terminator.
    let j = i;
    while (j < text.length && seps === 16 && (text[j] === '\r' || text[j] === '\n') && j < limit) j++;
    const component = text[j];
    const termAt = j + 1;
    if (seps < 16 || component === undefined || termAt >= text.length) {
      if (!final && text.length < start + ISA_SEARCH_WINDOW) return false;
      return this.isaShort(true);
    }
    let terminator = text[termAt];
    const code = terminator.charCodeAt(0);
    // A multi-byte UTF-8 terminator (e.g. U+2026 '…') is kept whole.
    if (code >= 0xc2 && code <= 0xf4) {
      let k = termAt + 1;
      while (k < text.length && k < termAt + 4 && (text.charCodeAt(k) & 0xc0) === 0x80) k++;
      if (k === text.length && !final) return false;
      terminator = text.slice(termAt, k);
    }
    const elements = (clean + component).split(sep);
    const version = elements[12] ?? '';
    const isa11 = elements[11] ?? '';
    this.nextLf = this.nextCr = -2;
    const repetition =
      version >= '00402' && isa11.length === 1 && !isAlnum(isa11) && isa11 !== sep ? isa11 : undefined;
    const offset = this.base + start;
    const line = this.lineAt(offset);
    const delims: Delimiters = { element: sep, component, repetition, segment: terminator };
    this.interchanges++;
    this.strayReported = false;
    this.sink.interchange(delims);
    const isa = clean + component;
    this.view.reset(isa, 0, isa.length, sep).controlFree = false;
    this.sink.segment(this.view, offset, line);

    const bad = this.delimiterProblem(delims);
    if (bad) {
      this.sink.issue(
        issue(bad, { offset, line, segment: 0, tag: 'ISA' }, { value: JSON.stringify(terminator) }),
      );
      this.sink.abort();
      // The rest of this interchange is unreadable, not stray: say nothing more about it.
      this.strayReported = true;
      this.pos = termAt;
      this.mode = 'seek';
      return true;
    }
    this.delims = delims;
    this.newline = terminator === '\n' || terminator === '\r' ? terminator : undefined;
    this.lineChar = terminator === '\r' && text[termAt + 1] !== '\n' ? '\r' : '\n';
    this.stripNewlines = this.newline === undefined;
    this.pos = termAt + terminator.length;
    this.mode = 'body';
    return true;
  }

  private delimiterProblem(d: Delimiters) {
    const el = d.element;
    if (isBlank(el.charCodeAt(0))) return 'DS_X12_ELEMENT_SEPARATOR_INVALID' as const;
    if (isAlnum(d.component) || d.component === el || d.component === ' ')
      return 'DS_X12_COMPONENT_SEPARATOR_INVALID' as const;
    const t = d.segment;
    if (t.length === 1 && (isAlnum(t) || t === el || t === d.component || t === ' ' || t === '\t'))
      return 'DS_X12_SEGMENT_TERMINATOR_INVALID' as const;
    return undefined;
  }

  private isaShort(final: boolean): boolean {
    if (!final) return false;
    const offset = this.base + this.pos;
    this.sink.issue(
      issue('DS_X12_ISA_TRUNCATED', { offset, line: this.lineAt(offset), segment: 0, tag: 'ISA' }),
    );
    this.interchanges++; // the file did hold an interchange, just not a readable one
    this.strayReported = true;
    this.pos += 3;
    this.mode = 'seek';
    return true;
  }

  /** Read one segment of the interchange body. */
  private readSegment(final: boolean): boolean {
    const text = this.text;
    const d = this.delims as Delimiters;
    let p = this.pos;
    if (this.lineMark === this.base + p) {
      // Lines are counted up to here: count the blanks' line breaks too, so lineAt has no scan.
      const lineCode = this.lineChar.charCodeAt(0);
      for (; p < text.length; p++) {
        const c = text.charCodeAt(p);
        if (!isBlank(c)) break;
        if (c === lineCode) this.line++;
      }
      this.lineMark = this.base + p;
    } else {
      while (p < text.length && isBlank(text.charCodeAt(p))) p++;
    }
    this.pos = p;
    if (p >= text.length) return false;
    // An ISA inside an interchange: the previous one lacks its IEA; re-read delimiters.
    if (text.charCodeAt(p) === 73 && text.startsWith('ISA', p)) {
      const sep = text[p + 3];
      if (sep === undefined && !final) return false;
      if (sep !== undefined && !isAlnum(sep)) {
        this.mode = 'isa';
        return true;
      }
    }
    let end: number;
    let next: number;
    if (this.newline !== undefined) {
      end = text.indexOf(this.newline, p);
      next = end + 1;
      if (end !== -1 && this.newline === '\n' && text.charCodeAt(end - 1) === 13) end--;
    } else {
      end = text.indexOf(d.segment, p);
      next = end + d.segment.length;
    }
    const terminated = end !== -1;
    if (!terminated) {
      if (text.length - p > MAX_SEGMENT_LENGTH) return this.tooLong(p);
      if (!final) return false;
      end = text.length;
      while (end > p && isBlank(text.charCodeAt(end - 1))) end--;
      next = text.length;
    }
    if (end - p > MAX_SEGMENT_LENGTH) return this.tooLong(p);
    this.pos = next;
    if (end === p) return true; // an empty segment (stray doubled terminator)
    const offset = this.base + p;
    const view = this.view;
    const wrapped = this.stripNewlines && this.hasNewline(p, end);
    if (wrapped) {
      const body = text.slice(p, end).replace(/[\r\n]/g, '');
      view.reset(body, 0, body.length, d.element);
    } else {
      view.reset(text, p, end, d.element);
    }
    // In newline mode a segment may keep a CR or LF that is not its terminator.
    view.controlFree = this.controlFree && this.stripNewlines;
    this.sink.segment(view, offset, this.lineAt(offset));
    // Lines are now counted up to `offset`; a segment without line breaks moves the mark past it.
    if (terminated && !wrapped && this.lineMark === offset) {
      if (this.stripNewlines) this.lineMark = this.base + next;
      else if (this.newline === this.lineChar) {
        this.line++;
        this.lineMark = this.base + next;
      }
    }
    if (view.tag === 'IEA') this.mode = 'seek';
    return true;
  }

  /** Does text[p, end) hold a CR or LF? Next positions are cached so long lines scan once. */
  private hasNewline(p: number, end: number): boolean {
    const text = this.text;
    if (this.nextLf !== -1 && this.nextLf < p) this.nextLf = text.indexOf('\n', p);
    if (this.nextCr !== -1 && this.nextCr < p) this.nextCr = text.indexOf('\r', p);
    return (this.nextLf !== -1 && this.nextLf < end) || (this.nextCr !== -1 && this.nextCr < end);
  }

  private tooLong(p: number): boolean {
    const offset = this.base + p;
    this.sink.issue(
      issue(
        'DS_X12_SEGMENT_TOO_LONG',
        { offset, line: this.lineAt(offset), segment: 0 },
        {
          detail: `limit ${MAX_SEGMENT_LENGTH} bytes`,
        },
      ),
    );
    this.sink.abort();
    this.strayReported = true;
    // Drop what was read; look for a later interchange.
    this.pos = this.text.length;
    this.lineMark = this.base + this.pos;
    this.mode = 'seek';
    return false;
  }
}
