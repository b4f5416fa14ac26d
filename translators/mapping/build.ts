// Builds the canonical `data` object of one record from the mapping's field rules. Shared by
// the CSV engine (a record is a group of rows) and the XML engine (a record is an element).
import type { Collection, Condition, FieldRule, KeyRule } from './mapping-schema';
import { mappingError, type Location, type MappingError } from './errors';
import { applyTransforms, type Tables, type Value } from './transforms';

/** One source record as the builder sees it: a CSV row or an XML element. */
export interface SourceRecord {
  /** The raw text at a column / relative path; undefined when the column or element is absent. */
  get(from: string | number): string | undefined;
  /** Where `from` is read, for error messages. */
  at(from: string | number): Location;
  /** XML: the elements at a relative path (every match, in document order); CSV: none. */
  each(path: string): SourceRecord[];
}

/** What building needs besides the records: tables, and where to put errors. */
export interface BuildContext {
  tables: Tables;
  file: string;
  record: number;
  errors: MappingError[];
}

const isBlank = (v: Value | undefined): boolean =>
  v === undefined || (typeof v === 'string' && v.trim() === '');

/** A rule's source value before defaults and transforms; blank concat parts are skipped. */
function readSource(
  rule: FieldRule,
  rec: SourceRecord,
): { value: Value | undefined; from?: string | number } {
  if (rule.from !== undefined) return { value: rec.get(rule.from), from: rule.from };
  if (rule.concat !== undefined) {
    const parts: string[] = [];
    let first: string | number | undefined;
    for (const part of rule.concat) {
      const from = typeof part === 'object' ? part.from : part;
      first ??= from;
      const v =
        typeof part !== 'object' ? rec.get(part) : part.from !== undefined ? rec.get(part.from) : part.value;
      if (!isBlank(v)) parts.push(String(v));
    }
    return { value: parts.length > 0 ? parts.join(rule.separator ?? '') : undefined, from: first };
  }
  return { value: rule.value };
}

/**
 * Evaluate one field rule on a record. Returns undefined for an absent value (the field is
 * then left out of the output, never written as ""), and records an error when it fails.
 */
export function evalRule(
  rule: FieldRule,
  rec: SourceRecord,
  field: string,
  ctx: BuildContext,
): Value | undefined {
  const { value, from } = readSource(rule, rec);
  const where = (v?: Value): Location => ({
    record: ctx.record,
    ...(from !== undefined ? rec.at(from) : {}),
    field,
    ...(v !== undefined ? { value: String(v) } : {}),
  });
  if (isBlank(value)) {
    // Defaults are output values: they are not transformed (a default date is written as YYYY-MM-DD).
    if (rule.default !== undefined) return rule.default;
    if (rule.required) {
      const what = from !== undefined ? ` (${typeof from === 'number' ? `column ${from}` : from})` : '';
      ctx.errors.push(
        mappingError(
          'DS_MAP_REQUIRED_MISSING',
          `Required value for ${field}${what} is missing.`,
          ctx.file,
          where(),
        ),
      );
    }
    return undefined;
  }
  if (!rule.transforms || rule.transforms.length === 0) return value;
  const r = applyTransforms(value as Value, rule.transforms, ctx.tables);
  if (!r.ok) {
    ctx.errors.push(mappingError(r.code, `${field}: ${r.message}`, ctx.file, where(value)));
    return undefined;
  }
  return isBlank(r.value) ? undefined : r.value;
}

/** Evaluate a key expression (groupBy); undefined when blank. */
export function evalKey(
  key: KeyRule,
  rec: SourceRecord,
  field: string,
  ctx: BuildContext,
): string | undefined {
  const v = typeof key === 'object' ? evalRule(key, rec, field, ctx) : rec.get(key);
  return isBlank(v) ? undefined : String(v).trim();
}

/** True when the record passes a collection's `when` test. */
export function matches(cond: Condition, rec: SourceRecord): boolean {
  const v = rec.get(cond.from);
  const blank = isBlank(v);
  if (cond.present !== undefined && cond.present === blank) return false;
  if (cond.equals !== undefined) {
    const wanted = typeof cond.equals === 'string' ? [cond.equals] : cond.equals;
    if (blank || !wanted.includes(String(v).trim())) return false;
  }
  return true;
}

// Output paths come from a handful of mappings: split each once, not once per row.
const splitPaths = new Map<string, string[]>();

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  let keys = splitPaths.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    splitPaths.set(path, keys);
  }
  let obj = target;
  for (const k of keys.slice(0, -1)) {
    if (typeof obj[k] !== 'object' || obj[k] === null) obj[k] = {};
    obj = obj[k] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]] = value;
}

const isCollection = (node: FieldRule | Collection): node is Collection => 'fields' in node;

/**
 * Build an output object from `records` (non-empty). Scalar fields read the first record —
 * for a CSV group that is the group's first row; collections make one item per record (or
 * per group of records with equal `groupBy` keys); an empty one is left out unless keepEmpty.
 */
export function buildObject(
  fields: Record<string, FieldRule | Collection>,
  records: readonly SourceRecord[],
  ctx: BuildContext,
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(fields)) {
    const field = prefix + key;
    if (isCollection(node)) {
      const items = buildCollection(node, records, ctx, `${field}.`);
      // Absent means absent: no [] unless the canonical schema needs the array (keepEmpty).
      if (items.length > 0 || node.keepEmpty) setPath(out, key, items);
    } else {
      const v = evalRule(node, records[0], field, ctx);
      if (v !== undefined) setPath(out, key, v);
    }
  }
  return out;
}

function buildCollection(
  node: Collection,
  records: readonly SourceRecord[],
  ctx: BuildContext,
  prefix: string,
): Record<string, unknown>[] {
  let items = node.each !== undefined ? records.flatMap((r) => r.each(node.each as string)) : [...records];
  if (node.when) items = items.filter((r) => matches(node.when as Condition, r));
  if (node.groupBy === undefined) return items.map((r) => buildObject(node.fields, [r], ctx, prefix));
  // Within one record the set is bounded, so non-contiguous keys are merged (first-seen order).
  const groups = new Map<string, SourceRecord[]>();
  for (const r of items) {
    const k = evalKey(node.groupBy, r, `${prefix}(groupBy)`, ctx) ?? '';
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].map((g) => buildObject(node.fields, g, ctx, prefix));
}
