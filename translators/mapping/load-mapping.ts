// Loads a mapping from YAML, with file:line:column on every problem so an onboarding engineer
// can jump straight to it (`dockside partners check`).
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { mappingSchema, type Mapping } from './mapping-schema';

/** A problem in a mapping file; line and column are 1-based. */
export interface MappingLoadError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Where the node at `path` (or its nearest existing parent) starts. */
function positionOf(
  doc: Document,
  lc: LineCounter,
  path: readonly PropertyKey[],
): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/**
 * A union failure ("Invalid input") hides the real problem; report the branch that got
 * furthest (deepest path, then fewest issues), which is the one the author meant.
 */
function explain(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const depth = (b: readonly z.core.$ZodIssue[]): number => Math.max(...b.map((i) => i.path.length));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
    return explain(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
  });
}

/** Parse and validate one mapping file; never throws. */
export function parseMapping(
  yamlText: string,
  fileName: string,
): { mapping: Mapping; errors?: undefined } | { mapping?: undefined; errors: MappingLoadError[] } {
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return { file: fileName, line: pos.line, column: pos.col, message: e.message.split('\n')[0] };
      }),
    };
  }
  const result = mappingSchema.safeParse(doc.toJS());
  if (result.success) return { mapping: result.data };
  return {
    errors: explain(result.error.issues).map((issue) => {
      const pos = positionOf(doc, lc, issue.path);
      const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      return { file: fileName, line: pos.line, column: pos.col, message: `${where}${issue.message}` };
    }),
  };
}

/** "file:line:column: message", the form editors and CI annotate. */
export function formatLoadError(e: MappingLoadError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}
