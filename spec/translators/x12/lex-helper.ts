// Test helper: run the lexer over input split into chunks and collect what it hands on.
import { X12Lexer, LexerSink } from '../../../translators/x12/lexer';
import type { Delimiters } from '../../../translators/x12/model';
import type { X12Issue } from '../../../translators/x12/issues';

export interface Lexed {
  delimiters: Delimiters[];
  segments: { elements: string[]; offset: number; line: number }[];
  issues: X12Issue[];
  aborts: number;
}

/** Lex `input`, split into chunks of `chunk` bytes. */
export function lex(input: Buffer | string, chunk = Infinity): Lexed {
  const out: Lexed = { delimiters: [], segments: [], issues: [], aborts: 0 };
  const sink: LexerSink = {
    interchange: (d) => out.delimiters.push(d),
    segment: (view, offset, line) => out.segments.push({ elements: view.elements(), offset, line }),
    issue: (i) => out.issues.push(i),
    abort: () => out.aborts++,
  };
  const lexer = new X12Lexer(sink);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  for (let i = 0; i < bytes.length; i += Math.min(chunk, bytes.length))
    lexer.push(bytes.subarray(i, i + chunk));
  lexer.end();
  return out;
}
