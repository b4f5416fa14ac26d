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
  /** The per-element facts of `use`, read once here instead of once per segment. */
  readonly mandatory: boolean;
  readonly repeat: number;
  readonly check: ElementCheck | undefined;
}

/** How `simpleProblem` checks an element's characters. */
const REAL = 0;
const NUMERIC = 1;
const DATE = 2;
const TIME = 3;
const CODED = 4;
const TEXT = 5;

/** An element definition reduced to what `simpleProblem` reads (built once per definition). */
interface ElementCheck {
  readonly kind: number;
  readonly min: number;
  readonly max: number;
  readonly codes: CodeSet | undefined;
}

/** A syntax note with its positions as a bit mask (positions 1–30), for checks without loops. */
interface CompiledRule {
  readonly rule: SyntaxRule;
  /** The rule's kind as a character code: a number compare in the per-segment check. */
  readonly kind: number;
  readonly mask: number;
  readonly first: number;
}

/** A segment definition prepared for validation in one schema. */
export interface CompiledSegment {
  readonly def: SegmentDef;
  readonly uses: readonly ResolvedUse[];
  readonly rules: readonly CompiledRule[];
  /** Position of the last mandatory element (0: none): past it and past the data, nothing to check. */
  readonly lastMandatory: number;
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
      uses: def.elements.map((use) => {
        const element = use.ref !== undefined ? schema.elements[use.ref] : undefined;
        return {
          use,
          element,
          composite: use.composite !== undefined ? schema.composites[use.composite] : undefined,
          mandatory: use.req === 'M',
          repeat: use.repeat ?? 1,
          check: element && checkOf(element),
        };
      }),
      lastMandatory: def.elements.map((use) => use.req).lastIndexOf('M') + 1,
      rules: (def.rules ?? []).map((rule) => ({
        rule,
        kind: rule.kind.charCodeAt(0),
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
  const { text, starts, count, endAt } = view;
  const controls = !view.controlFree;
  const tag = def.tag;
  const last = uses.length;
  // Schemas list many optional trailing elements that segments leave out: skip them outright.
  const stop = Math.min(last, Math.max(count - 1, seg.lastMandatory));
  let present = 0;
  for (let i = 1; i <= stop; i++) {
    const r = uses[i - 1];
    // Boundaries straight from the view's array: this loop runs for every element of the file.
    const start = i < count ? starts[i] : 0;
    const end = i + 1 < count ? starts[i + 1] - 1 : i < count ? endAt : 0;
    if (end === start) {
      if (r.mandatory) push(out, 'DS_X12_ELEMENT_MISSING', ctx, tag, i, refOf(r.use));
      continue;
    }
    if (i <= MASKABLE) present |= 1 << i;
    if (r.check !== undefined && r.repeat === 1) {
      const code = simpleProblem(text, start, end, r.check, controls);
      if (code) push(out, code, ctx, tag, i, (r.element as ElementDef).id, text.slice(start, end));
    } else {
      checkUse(text, start, end, i, r, schema, delims, ctx, tag, out);
    }
  }
  // Trailing separators with nothing after them are tolerated; real data past the end is not.
  for (let i = last + 1; i < count; i++) {
    if (view.length(i) > 0) {
      push(out, 'DS_X12_ELEMENT_TOO_MANY', ctx, tag, i, undefined, view.value(i));
      break;
    }
  }
  if (seg.rules.length > 0) checkRules(seg.rules, present, view, ctx, tag, def.elements, out);
}

function refOf(use: ElementUse): string | undefined {
  return use.ref ?? use.composite;
}

function refAt(uses: readonly ElementUse[], i: number): string | undefined {
  return uses[i - 1] ? refOf(uses[i - 1]) : undefined;
}

function checkUse(
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
  // The repetition separator only splits elements the schema defines as repeating: in a
  // 004010-family group (no repeating elements) a partner's '-' or '^' ISA11 is plain data.
  const max = r.repeat;
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
    const code = simpleProblem(text, start, end, checkOf(r.element), true);
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
    const code = def && simpleProblem(part, 0, part.length, checkOf(def), true);
    if (code) push(out, code, ctx, tag, i, def.id, part, c + 1);
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

const checks = new WeakMap<ElementDef, ElementCheck>();
function checkOf(def: ElementDef): ElementCheck {
  let check = checks.get(def);
  if (!check) {
    const t = def.type;
    const kind =
      t === 'R'
        ? REAL
        : t[0] === 'N'
          ? NUMERIC
          : t === 'DT'
            ? DATE
            : t === 'TM'
              ? TIME
              : def.codes !== undefined
                ? CODED
                : TEXT;
    check = { kind, min: def.min, max: def.max, codes: kind === CODED ? codeSet(def) : undefined };
    checks.set(def, check);
  }
  return check;
}

/**
 * Type, length and code-list check of text[start, end); the finding's code, if any. `controls`:
 * look for control characters (false when the lexer saw none in the segment).
 */
function simpleProblem(
  text: string,
  start: number,
  end: number,
  check: ElementCheck,
  controls: boolean,
): IssueCode | undefined {
  const kind = check.kind;
  let length = end - start;
  if (kind === TEXT) {
    // Control characters are outside the X12 basic and extended character sets.
    if (controls)
      for (let p = start; p < end; p++)
        if (text.charCodeAt(p) < 32) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
  } else if (kind <= NUMERIC) {
    let p = start;
    if (text.charCodeAt(p) === 45) p++; // leading minus is not counted
    let digits = 0;
    let dots = 0;
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (isDigit(c)) digits++;
      else if (c === 46 && kind === REAL && dots === 0) dots++;
      else return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    }
    if (digits === 0) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    length = digits;
  } else if (kind === CODED) {
    // A value outside the code list is reported as such, whatever its length: it says more.
    return hasCode(check.codes as CodeSet, text, start, end) ? undefined : 'DS_X12_ELEMENT_INVALID_CODE';
  } else if (kind === DATE) {
    if (!validDate(text, start, end)) return 'DS_X12_ELEMENT_INVALID_DATE';
  } else if (!validTime(text, start, end)) return 'DS_X12_ELEMENT_INVALID_TIME';
  if (length < check.min) return 'DS_X12_ELEMENT_TOO_SHORT';
  if (length > check.max) return 'DS_X12_ELEMENT_TOO_LONG';
  return undefined;
}

/** A code list as packed numbers for codes of up to 3 characters (most), strings for the rest. */
interface CodeSet {
  readonly packed: Set<number>;
  readonly long: Set<string>;
}

/** Built once per definition, by `checkOf`. */
function codeSet(def: ElementDef): CodeSet {
  const set: CodeSet = { packed: new Set(), long: new Set() };
  for (const code of def.codes ?? []) {
    if (code.length <= 3) set.packed.add(pack(code, 0, code.length));
    else set.long.add(code);
  }
  return set;
}

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

const KIND_P = 80; // 'P'
const KIND_R = 82; // 'R'
const KIND_E = 69; // 'E'
const KIND_C = 67; // 'C'

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
        c.kind === KIND_P
          ? hit === 0 || hit === c.mask
          : c.kind === KIND_R
            ? hit !== 0
            : c.kind === KIND_E
              ? (hit & (hit - 1)) === 0
              : c.kind === KIND_C
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
