// Element-level checks of one segment against its definition: presence, count, type, length,
// code lists, composites, repetitions and syntax notes — each finding with its AK4/IK4 code.
import type { Delimiters } from './model';
import { issue, IssueCode, Pos, X12Issue } from './issues';
import type {
  ComponentUse,
  ElementDef,
  ElementUse,
  SegmentDef,
  SyntaxRule,
  VersionSchema,
} from './schemas/types';

const DIGITS = /^\d+$/;
const SIGNED_INT = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
// Control characters are outside the X12 basic and extended character sets.
const CONTROL = /[\x00-\x1f]/;

/** Where the segment being checked is, for the positions of its findings. */
export interface SegmentContext {
  readonly offset: number;
  readonly line: number;
  readonly position: number;
}

/** Check the elements of a segment; pushes findings into `out`. */
export function validateElements(
  elements: readonly string[],
  def: SegmentDef,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  out: X12Issue[],
): void {
  const uses = def.elements;
  const count = elements.length - 1;
  for (let i = 1; i <= uses.length; i++) {
    const value = i <= count ? elements[i] : '';
    const use = uses[i - 1];
    if (value === '') {
      if (use.req === 'M') push(out, 'DS_X12_ELEMENT_MISSING', ctx, def.tag, i, refOf(use));
      continue;
    }
    checkUse(value, use, schema, delims, ctx, def.tag, i, out);
  }
  if (count > uses.length) {
    // Trailing separators with nothing after them are tolerated; real data past the end is not.
    for (let i = uses.length + 1; i <= count; i++) {
      if (elements[i] !== '') {
        push(out, 'DS_X12_ELEMENT_TOO_MANY', ctx, def.tag, i, undefined, elements[i]);
        break;
      }
    }
  }
  if (def.rules) checkRules(def.rules, (i) => i <= count && elements[i] !== '', ctx, def.tag, uses, out);
}

function refOf(use: ElementUse): string | undefined {
  return use.ref ?? use.composite;
}

function checkUse(
  value: string,
  use: ElementUse,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  tag: string,
  i: number,
  out: X12Issue[],
): void {
  const rep = delims.repetition;
  let values: readonly string[] = [value];
  if (rep !== undefined && value.indexOf(rep) !== -1) {
    values = value.split(rep);
    if (values.length > (use.repeat ?? 1)) {
      push(out, 'DS_X12_ELEMENT_TOO_MANY_REPETITIONS', ctx, tag, i, refOf(use), value);
      return;
    }
  }
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === '') continue;
    if (use.composite !== undefined) {
      const comp = schema.composites[use.composite];
      if (comp)
        checkComposite(v, comp.components, comp.rules, schema, delims, ctx, tag, i, use.composite, out);
    } else if (use.ref !== undefined) {
      const def = schema.elements[use.ref];
      if (def) checkSimple(v, def, ctx, tag, i, undefined, out);
    }
  }
}

function checkComposite(
  value: string,
  components: readonly ComponentUse[],
  rules: readonly SyntaxRule[] | undefined,
  schema: VersionSchema,
  delims: Delimiters,
  ctx: SegmentContext,
  tag: string,
  i: number,
  ref: string,
  out: X12Issue[],
): void {
  const parts = value.split(delims.component);
  if (parts.length > components.length) {
    push(out, 'DS_X12_ELEMENT_TOO_MANY_COMPONENTS', ctx, tag, i, ref, value);
    return;
  }
  for (let c = 0; c < components.length; c++) {
    const part = c < parts.length ? parts[c] : '';
    const use = components[c];
    if (part === '') {
      if (use.req === 'M') push(out, 'DS_X12_ELEMENT_MISSING', ctx, tag, i, use.ref, undefined, c + 1);
      continue;
    }
    const def = schema.elements[use.ref];
    if (def) checkSimple(part, def, ctx, tag, i, c + 1, out);
  }
}

/** Type, length and code-list checks of one simple value. */
export function checkSimple(
  value: string,
  def: ElementDef,
  ctx: SegmentContext,
  tag: string,
  i: number,
  component: number | undefined,
  out: X12Issue[],
): void {
  const code = simpleProblem(value, def);
  if (code) push(out, code, ctx, tag, i, def.id, value, component);
}

function simpleProblem(value: string, def: ElementDef): IssueCode | undefined {
  const t = def.type;
  let length = value.length;
  if (t === 'R') {
    if (!DECIMAL.test(value)) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    length -= (value[0] === '-' ? 1 : 0) + (value.indexOf('.') === -1 ? 0 : 1);
  } else if (t[0] === 'N') {
    if (!SIGNED_INT.test(value)) return 'DS_X12_ELEMENT_INVALID_CHARACTER';
    if (value[0] === '-') length--;
  } else if (t === 'DT') {
    if (!validDate(value)) return 'DS_X12_ELEMENT_INVALID_DATE';
  } else if (t === 'TM') {
    if (!validTime(value)) return 'DS_X12_ELEMENT_INVALID_TIME';
  } else if (def.codes !== undefined) {
    // A value outside the code list is reported as such, whatever its length: it says more.
    return codeSet(def).has(value) ? undefined : 'DS_X12_ELEMENT_INVALID_CODE';
  } else if (CONTROL.test(value)) {
    return 'DS_X12_ELEMENT_INVALID_CHARACTER';
  }
  if (length < def.min) return 'DS_X12_ELEMENT_TOO_SHORT';
  if (length > def.max) return 'DS_X12_ELEMENT_TOO_LONG';
  return undefined;
}

const codeSets = new WeakMap<ElementDef, Set<string>>();
function codeSet(def: ElementDef): Set<string> {
  let set = codeSets.get(def);
  if (!set) {
    set = new Set(def.codes);
    codeSets.set(def, set);
  }
  return set;
}

/** CCYYMMDD or YYMMDD, a real calendar day. */
export function validDate(v: string): boolean {
  if ((v.length !== 8 && v.length !== 6) || !DIGITS.test(v)) return false;
  const y = v.length === 8 ? Number(v.slice(0, 4)) : 2000 + Number(v.slice(0, 2));
  const m = Number(v.slice(-4, -2));
  const d = Number(v.slice(-2));
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1];
}

/** HHMM, HHMMSS, HHMMSSD or HHMMSSDD. */
export function validTime(v: string): boolean {
  if (v.length < 4 || v.length > 8 || v.length === 5 || !DIGITS.test(v)) return false;
  if (Number(v.slice(0, 2)) > 23 || Number(v.slice(2, 4)) > 59) return false;
  return v.length < 6 || Number(v.slice(4, 6)) <= 59;
}

function checkRules(
  rules: readonly SyntaxRule[],
  present: (i: number) => boolean,
  ctx: SegmentContext,
  tag: string,
  uses: readonly ElementUse[],
  out: X12Issue[],
): void {
  const ref = (i: number) => (uses[i - 1] ? refOf(uses[i - 1]) : undefined);
  for (const rule of rules) {
    const at = rule.at;
    const here = at.filter(present);
    let missingAt: number | undefined;
    let excludedAt: number | undefined;
    switch (rule.kind) {
      case 'P':
        if (here.length > 0 && here.length < at.length) missingAt = at.find((i) => !present(i));
        break;
      case 'R':
        if (here.length === 0) missingAt = at[0];
        break;
      case 'E':
        if (here.length > 1) excludedAt = here[1];
        break;
      case 'C':
        if (present(at[0])) missingAt = at.slice(1).find((i) => !present(i));
        break;
      case 'L':
        if (present(at[0]) && !at.slice(1).some(present)) missingAt = at[1];
        break;
    }
    if (missingAt !== undefined)
      push(out, 'DS_X12_ELEMENT_CONDITIONAL_MISSING', ctx, tag, missingAt, ref(missingAt));
    if (excludedAt !== undefined)
      push(out, 'DS_X12_ELEMENT_EXCLUSION_VIOLATED', ctx, tag, excludedAt, ref(excludedAt));
  }
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
