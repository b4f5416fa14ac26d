// Read a whole X12 file — envelope, schema validation and verdicts — from bytes or a stream.
import type { ParsedSet } from './model';
import { X12Lexer } from './lexer';
import { EnvelopeReader, ReaderOptions } from './reader';
import type { SetResult, X12Report } from './results';

export interface AnalyzeOptions extends ReaderOptions {
  /** Shortcut for `observer.set` with segments kept: every complete set and whether it passed. */
  onSet?: (set: ParsedSet, accepted: boolean, result: SetResult) => void;
}

function reader(options: AnalyzeOptions): EnvelopeReader {
  const { onSet } = options;
  if (!onSet) return new EnvelopeReader(options);
  const observer = {
    ...options.observer,
    set: (set: ParsedSet, result: SetResult) => {
      options.observer?.set?.(set, result);
      onSet(set, result.status !== 'R', result);
    },
  };
  return new EnvelopeReader({ ...options, keepSegments: true, observer });
}

/** Analyze a file held in memory. */
export function analyzeX12(bytes: Buffer | string, options: AnalyzeOptions = {}): X12Report {
  const r = reader(options);
  const lexer = new X12Lexer(r);
  lexer.push(bytes);
  lexer.end();
  r.finish();
  return r.report();
}

/** Analyze a stream chunk by chunk, in memory bounded by the largest segment and interchange. */
export async function analyzeX12Stream(
  input: AsyncIterable<Buffer | string>,
  options: AnalyzeOptions = {},
  /** Awaited after each chunk is read: the caller's work on what the chunk completed. */
  afterChunk?: () => Promise<void>,
): Promise<X12Report> {
  const r = reader(options);
  const lexer = new X12Lexer(r);
  for await (const chunk of input) {
    lexer.push(chunk);
    await afterChunk?.();
    if (r.halted) break; // stops reading the input too
  }
  lexer.end();
  r.finish();
  return r.report();
}
