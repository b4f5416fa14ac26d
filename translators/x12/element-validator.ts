// Element-level checks of one segment against its definition: presence, count, type, length,
// code lists, composites, repetitions and syntax notes — each finding with its AK4/IK4 code.
// Checks read characters in place (see SegmentView); a value is sliced out only to report it
// or to look it up in a code list.
import type { Delimiters } from './model';
import { issue, IssueCode, Pos, X12Issue } from './issues';
import type { SegmentView } from './segment-view';
import type {
  ComponentUse,
  CompositeDef,
  ElementDef,
  ElementUse,
  SegmentDef,
  SyntaxRule,
  VersionSchema,
} from './schemas/types';

/** Where the segment being checked is, for the positions of its findings. */
export interface SegmentContext {
  readonly offset: number;
  readonly line: number;
  readonly position: number;
}

/** An element use with its dictionary entries looked up once per schema. */
interface ResolvedUse {
  readonly use: ElementUse;
  readonly element: ElementDef | undefined;
  readonly composite: CompositeDef | undefined;
}

/** A syntax note with its positions as a bit mask (positions 1–30), for checks without loops. */
interface CompiledRule {
  readonly rule: SyntaxRule;
  readonly mask: number;
  readonly first: number;
}

/** A segment definition prepared for validation in one schema. */
export interface CompiledSegment {
  readonly def: SegmentDef;
  readonly uses: readonly ResolvedUse[];
  readonly rules: readonly CompiledRule[];
}

const MASKABLE = 30;
const compiledSegments = new WeakMap<VersionSchema, Map<SegmentDef, CompiledSegment>>();

/** The validation form of `def` in `schema` (built once, then cached). */
export function compileSegment(def: SegmentDef, schema: VersionSchema): CompiledSegment {
  let bySegment = compiledSegments.get(schema);
  if (!bySegment) compiledSegments.set(schema, (bySegment = new Map()));
  let compiled = bySegment.get(def);
  if (!compiled) {
    compiled = {
      def,
      uses: def.elements.map((use) => ({
        use,
        element: use.ref !== undefined ? schema.elements[use.ref] : undefined,
        composite: use.composite !== undefined ? schema.composites[use.composite] : undefined,
      })),
      rules: (def.rules ?? []).map((rule) => ({
        rule,
        mask: rule.at.every((i) => i <= MASKABLE) ? rule.at.reduce((m, i) => m | (1 << i), 0) : -1,
        first: 1 << rule.at[0],
      })),
    };
    bySegment.set(def, compiled);
  }
  return compiled;
}

/** Check the elements of a segment; pushes findings into `out`. */
export function validateElements(
  view: SegmentView,
  seg: CompiledSegment,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  out: X12Issue[],
): void {
  const { def, uses } = seg;
  const count = view.count - 1;
  let present = 0;
  for (let i = 1; i <= uses.length; i++) {
    const r = uses[i - 1];
    if (view.length(i) === 0) {
      if (r.use.req === 'M') push(out, 'DS_X12_ELEMENT_MISSING', ctx, def.tag, i, refOf(r.use));
      continue;
    }
    if (i <= MASKABLE) present |= 1 << i;
    checkUse(view, i, r, schema, delims, ctx, def.tag, out);
  }
  // Trailing separators with nothing after them are tolerated; real data past the end is not.
  for (let i = uses.length + 1; i <= count; i++) {
    if (view.length(i) > 0) {
      push(out, 'DS_X12_ELEMENT_TOO_MANY', ctx, def.tag, i, undefined, view.value(i));
      break;
    }
  }
  if (seg.rules.length > 0) checkRules(seg.rules, present, view, ctx, def.tag, def.elements, out);
}

function refOf(use: ElementUse): string | undefined {
  return use.ref ?? use.composite;
}

function refAt(uses: readonly ElementUse[], i: number): string | undefined {
  return uses[i - 1] ? refOf(uses[i - 1]) : undefined;
}

function checkUse(
  view: SegmentView,
  i: number,
  r: ResolvedUse,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  tag: string,
  out: X12Issue[],
): void {
  const text = view.text;
  const start = view.start(i);
  const end = view.end(i);
  // The repetition separator only splits elements the schema defines as repeating: in a
  // 004010-family group (no repeating elements) a partner's '-' or '^' ISA11 is plain data.
  const max = r.use.repeat ?? 1;
  const rep = delims.repetition;
  if (max > 1 && rep !== undefined) {
    const value = text.slice(start, end);
    const values = value.split(rep);
    if (values.length > max)
      return push(out, 'DS_X12_ELEMENT_TOO_MANY_REPETITIONS', ctx, tag, i, refOf(r.use), value);
    for (const v of values) if (v !== '') checkOne(v, 0, v.length, i, r, schema, delims, ctx, tag, out);
    return;
  }
  checkOne(text, start, end, i, r, schema, delims, ctx, tag, out);
}

function checkOne(
  text: string,
  start: number,
  end: number,
  i: number,
  r: ResolvedUse,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  tag: string,
  out: X12Issue[],
): void {
  if (r.composite) {
    const value = text.slice(start, end);
    checkComposite(value, r.composite.components, schema, delims, ctx, tag, i, r.composite.id, out);
  } else if (r.element) {
    const code = simpleProblem(text, start, end, r.element);
    if (code) push(out, code, ctx, tag, i, r.element.id, text.slice(start, end));
  }
}

function checkComposite(
  value: string,
  components: readonly ComponentUse[],
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  tag: string,
  i: number,
  ref: string,
  out: X12Issue[],
): void {
  const parts = value.split(delims.component);
  if (parts.length > components.length)
    return push(out, 'DS_X12_ELEMENT_TOO_MANY_COMPONENTS', ctx, tag, i, ref, value);
  for (let c = 0; c < components.length; c++) {
    const part = c < parts.length ? parts[c] : '';
    const use = components[c];
    if (part === '') {
      if (use.req === 'M') push(out, 'DS_X12_ELEMENT_MISSING', ctx, tag, i, use.ref, undefined, c + 1);
      continue;
    }
    const def = schema.elements[use.ref];
    const code = def && simpleProblem(part, 0, part.length, def);
    if (code) push(out, code, ctx, tag, i, def.id, part, c + 1);
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Type, length and code-list check of text[start, end); the finding's code, if any. */
function simpleProblem(text: string, start: number, end: number, def: ElementDef): IssueCode | undefined {
  const t = def.type;
  let length = end - start;
  if (t === 'R' || t[0] === 'N') {
    let p = start;
    if (text.charCodeAt(p) === 45) p++; // leading minus is not counted
    let digits = 0;
    let dots = 0;
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (isDigit(c)) digits++;
      else if (c === 46 && t === 'R' && dots === 0) dots++;
      else return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    }
    if (digits === 0) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    length = digits;
  } else if (t === 'DT') {
    if (!validDate(text, start, end)) return 'DS_X12_ELEMENT_INVALID_DATE';
  } else if (t === 'TM') {
    if (!validTime(text, start, end)) return 'DS_X12_ELEMENT_INVALID_TIME';
  } else if (def.codes !== undefined) {
    // A value outside the code list is reported as such, whatever its length: it says more.
    return hasCode(codeSet(def), text, start, end) ? undefined : 'DS_X12_ELEMENT_INVALID_CODE';
  } else {
    // Control characters are outside the X12 basic and extended character sets.
    for (let p = start; p < end; p++) if (text.charCodeAt(p) < 32) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
  }
  if (length < def.min) return 'DS_X12_ELEMENT_TOO_SHORT';
  if (length > def.max) return 'DS_X12_ELEMENT_TOO_LONG';
  return undefined;
}

/** A code list as packed numbers for codes of up to 3 characters (most), strings for the rest. */
interface CodeSet {
  readonly packed: Set<number>;
  readonly long: Set<string>;
}

const codeSets = new WeakMap<ElementDef, CodeSet>();
function codeSet(def: ElementDef): CodeSet {
  let set = codeSets.get(def);
  if (!set) {
    set = { packed: new Set(), long: new Set() };
    for (const code of def.codes ?? []) {
      if (code.length <= 3) set.packed.add(pack(code, 0, code.length));
      else set.long.add(code);
    }
    codeSets.set(def, set);
  }
  return set;
}

/** Characters of a short code as one number (latin1 text: each character < 256). */
function pack(text: string, start: number, end: number): number {
  let v = end - start;
  for (let p = start; p < end; p++) v = v * 256 + text.charCodeAt(p);
  return v;
}

function hasCode(set: CodeSet, text: string, start: number, end: number): boolean {
  return end - start <= 3 ? set.packed.has(pack(text, start, end)) : set.long.has(text.slice(start, end));
}

function digitsAt(text: string, p: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(p + k);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** CCYYMMDD or YYMMDD, a real calendar day. */
export function validDate(text: string, start = 0, end = text.length): boolean {
  const len = end - start;
  if (len !== 8 && len !== 6) return false;
  const y = len === 8 ? digitsAt(text, start, 4) : 2000 + digitsAt(text, start, 2);
  const m = digitsAt(text, end - 4, 2);
  const d = digitsAt(text, end - 2, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/** HHMM, HHMMSS, HHMMSSD or HHMMSSDD. */
export function validTime(text: string, start = 0, end = text.length): boolean {
  const len = end - start;
  if (len < 4 || len > 8 || len === 5 || digitsAt(text, start, len) < 0) return false;
  if (digitsAt(text, start, 2) > 23 || digitsAt(text, start + 2, 2) > 59) return false;
  return len < 6 || digitsAt(text, start + 4, 2) <= 59;
}

function checkRules(
  rules: readonly CompiledRule[],
  presentMask: number,
  view: SegmentView,
  ctx: SegmentContext,
  tag: string,
  uses: readonly ElementUse[],
  out: X12Issue[],
): void {
  for (const c of rules) {
    if (c.mask !== -1) {
      // Fast path: the rule holds (the common case) when its masked presence is consistent.
      const hit = presentMask & c.mask;
      const ok =
        c.rule.kind === 'P'
          ? hit === 0 || hit === c.mask
          : c.rule.kind === 'R'
            ? hit !== 0
            : c.rule.kind === 'E'
              ? (hit & (hit - 1)) === 0
              : c.rule.kind === 'C'
                ? (hit & c.first) === 0 || hit === c.mask
                : (hit & c.first) === 0 || hit !== c.first;
      if (ok) continue;
    }
    ruleFinding(c.rule, view, ctx, tag, uses, out);
  }
}

/** Which element a broken syntax note is reported on, and with which code. */
function ruleFinding(
  rule: SyntaxRule,
  view: SegmentView,
  ctx: SegmentContext,
  tag: string,
  uses: readonly ElementUse[],
  out: X12Issue[],
): void {
  const at = rule.at;
  let present = 0;
  let firstMissing = 0;
  let secondPresent = 0;
  for (const i of at) {
    if (view.length(i) > 0) {
      present++;
      if (present === 2) secondPresent = i;
    } else if (firstMissing === 0) firstMissing = i;
  }
  const firstThere = view.length(at[0]) > 0;
  let missingAt = 0;
  let excludedAt = 0;
  switch (rule.kind) {
    case 'P': // all or none
      if (present > 0 && present < at.length) missingAt = firstMissing;
      break;
    case 'R': // at least one
      if (present === 0) missingAt = at[0];
      break;
    case 'E': // at most one
      if (present > 1) excludedAt = secondPresent;
      break;
    case 'C': // if the first, then all the others
      if (firstThere && present < at.length) missingAt = firstMissing;
      break;
    case 'L': // if the first, then at least one of the others
      if (firstThere && present === 1) missingAt = at[1];
      break;
  }
  if (missingAt) push(out, 'DS_X12_ELEMENT_CONDITIONAL_MISSING', ctx, tag, missingAt, refAt(uses, missingAt));
  if (excludedAt)
    push(out, 'DS_X12_ELEMENT_EXCLUSION_VIOLATED', ctx, tag, excludedAt, refAt(uses, excludedAt));
}

function push(
  out: X12Issue[],
  code: IssueCode,
  ctx: SegmentContext,
  tag: string,
  element: number,
  elementRef: string | undefined,
  value?: string,
  component?: number,
): void {
  const pos: Pos = { offset: ctx.offset, line: ctx.line, segment: ctx.position, tag, element, component };
  out.push(issue(code, pos, { elementRef, value }));
}
