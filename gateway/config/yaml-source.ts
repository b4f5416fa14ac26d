// Reading one YAML text into plain data with positions, and turning zod issues into positioned errors.
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { ConfigErrorCode } from './error-codes';
import { describeIssue, FieldFinding } from './issue-message';
import { FieldPath, SourcePos, YamlLocator } from './yaml-positions';

/** One problem in one file, positioned for `file:line:column message` output. */
export interface ProfileError {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
}

/** A parsed YAML text: its plain data (unless it had syntax errors), a locator, and the syntax errors. */
export interface YamlSource {
  file: string;
  data?: unknown;
  locator: YamlLocator;
  errors: ProfileError[];
}

/** Parse `text` (named `file` in errors); syntax errors come back positioned, never thrown. */
export function readYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  // uniqueKeys: a repeated key in a profile is a mistake, not "last one wins".
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = new YamlLocator(doc, lines, text);
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return errorAt(file, { line, column: col }, `YAML syntax error: ${e.message}`, 'DS_CONFIG_YAML_SYNTAX');
    });
    return { file, locator, errors };
  }
  // Keys are names and codes, taken as text. YAML reads `007:` as the number 7 (so "7"), `1.50:` as
  // 1.5 and `0x1F:` as 31: a cross-reference table would never match the partner's 007. Such a key
  // must be quoted. Keys whose text stays as written (`12:`, `true:`) are fine, but `12:` beside
  // `'12':` is the same key twice, which the YAML parser's own check does not see.
  const keyErrors: ProfileError[] = [];
  const at = (node: { range?: [number, number, number] | null }) => {
    const { line, col } = lines.linePos(node.range?.[0] ?? 0);
    return { line, column: col };
  };
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value: unknown = pair.key.value;
        const written = text.slice(pair.key.range?.[0] ?? 0, pair.key.range?.[1] ?? 0);
        const key = typeof value === 'string' ? value : String(value);
        if (typeof value !== 'string' && key !== written) {
          keyErrors.push(
            errorAt(
              file,
              at(pair.key),
              `key ${written} is read as ${key}: quote it ('${written}')`,
              'DS_CONFIG_INVALID_VALUE',
            ),
          );
        } else if (seen.has(key)) {
          keyErrors.push(
            errorAt(file, at(pair.key), `key ${written} repeats key '${key}'`, 'DS_CONFIG_INVALID_VALUE'),
          );
        }
        seen.add(key);
      }
    },
  });
  if (keyErrors.length > 0) return { file, locator, errors: keyErrors };
  try {
    return { file, locator, errors: [], data: doc.toJS({ maxAliasCount: 100 }) };
  } catch (cause) {
    // toJS refuses alias bombs (too many alias expansions) and similar pathological input.
    const message = `YAML error: ${(cause as Error).message}`;
    return {
      file,
      locator,
      errors: [errorAt(file, { line: 1, column: 1 }, message, 'DS_CONFIG_YAML_SYNTAX')],
    };
  }
}

/** Findings for every issue of a failed zod parse of `source.data`. */
export function findingsFromIssues(issues: readonly z.core.$ZodIssue[], source: YamlSource): FieldFinding[] {
  const ctx = { data: source.data, sourceOf: (path: FieldPath) => source.locator.sourceOf(path) };
  return issues.flatMap((issue) => describeIssue(issue, ctx));
}

/** Position findings in `source` and sort them by line and column. */
export function positionFindings(findings: readonly FieldFinding[], source: YamlSource): ProfileError[] {
  return findings
    .map((f) => errorAt(source.file, source.locator.locate(f.path), f.message, f.code))
    .sort(byPosition);
}

/** Order errors by line, then column. */
export function byPosition(a: ProfileError, b: ProfileError): number {
  return a.line - b.line || a.column - b.column;
}

function errorAt(file: string, pos: SourcePos, message: string, code: ConfigErrorCode): ProfileError {
  return { file, line: pos.line, column: pos.column, message, code };
}
