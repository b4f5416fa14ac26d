// Translation errors in plain words for the file page: which segment and element (with the
// names the X12 dictionary gives them), what was expected and what came — "Segment 3 of
// transaction set 0001 (PO1 Baseline Item Data), element 3 (Unit or Basis for Measurement
// Code, data element 355): 'ZZZ' is not one of the allowed codes" rather than AK403=7.
import { ISSUES } from '../../translators/x12/issues';
import { schemaFor } from '../../translators/x12/schemas';
import type { ElementDef, VersionSchema } from '../../translators/x12/schemas/types';
import { schema004010 } from '../../translators/x12/schemas/004010';
import type { TranslationError } from '../../translators/translation';

/** An error explained. */
export interface Explanation {
  /** Where, in words ("Segment 3 of transaction set 0001 (PO1 …), element 3 (…)"). */
  where: string;
  /** What is wrong, with the value that came. */
  what: string;
  /** What was expected, when the dictionary says. */
  expected?: string;
  /** What ops can do about it, when there is a known fix. */
  hint?: string;
}

const TYPE_WORDS: Record<string, string> = {
  AN: 'text',
  ID: 'a code',
  DT: 'a date',
  TM: 'a time',
  R: 'a decimal number',
  B: 'binary data',
  N: 'a whole number',
};

function typeWords(type: string): string {
  if (/^N\d$/.test(type))
    return type === 'N0' ? 'a whole number' : `a number with ${type[1]} implied decimals`;
  return TYPE_WORDS[type] ?? type;
}

function quote(value: string | undefined): string {
  if (value === undefined) return 'the value';
  return value === '' ? 'an empty value' : `'${value}'`;
}

function codesWords(def: ElementDef): string | undefined {
  if (!def.codes || def.codes.length === 0) return undefined;
  // Long lists (units of measure: hundreds of codes) are named, not printed.
  if (def.codes.length > 30)
    return `a code from the X12 code list of data element ${def.id} (${def.codes.length} codes)`;
  return `one of ${def.codes.join(', ')}`;
}

function lengthWords(def: ElementDef): string {
  return def.min === def.max ? `exactly ${def.min} characters` : `${def.min} to ${def.max} characters`;
}

/** The element definition at a position of a segment, if the dictionary has it. */
function elementAt(
  schema: VersionSchema,
  tag: string | undefined,
  element: number | undefined,
  component: number | undefined,
): { def?: ElementDef; ref?: string; composite?: string } {
  if (!tag || !element) return {};
  const use = schema.segments[tag]?.elements[element - 1];
  if (!use) return {};
  if (use.composite) {
    const comp = schema.composites[use.composite];
    const part = component ? comp?.components[component - 1] : undefined;
    if (!part) return { composite: use.composite };
    return { def: schema.elements[part.ref], ref: part.ref, composite: use.composite };
  }
  if (!use.ref) return {};
  return { def: schema.elements[use.ref], ref: use.ref };
}

/** Explain one error. `version` is the GS08 of the group it is in (X12), when known. */
export function explainError(
  error: TranslationError,
  options: { version?: string; tables?: Readonly<Record<string, Readonly<Record<string, string>>>> } = {},
): Explanation {
  if (error.code.startsWith('DS_X12_')) return explainX12(error, options.version);
  return explainMapped(error, options.tables ?? {});
}

function explainX12(e: TranslationError, version: string | undefined): Explanation {
  const schema = (version && schemaFor(version)) || schema004010;
  const catalogue = (ISSUES as Record<string, { text: string }>)[e.code]?.text;
  const segDef = e.tag ? schema.segments[e.tag] : undefined;
  const segName = e.tag ? (segDef ? `${e.tag} ${segDef.name}` : e.tag) : undefined;
  const parts: string[] = [];
  if (e.segment !== undefined && e.set !== undefined) {
    parts.push(`Segment ${e.segment} of transaction set ${e.set}${segName ? ` (${segName})` : ''}`);
  } else if (segName) {
    parts.push(`Segment ${segName}${e.line !== undefined ? ` on line ${e.line}` : ''}`);
  } else if (e.set !== undefined) {
    parts.push(`Transaction set ${e.set}`);
  } else if (e.group !== undefined) {
    parts.push(`Functional group ${e.group}`);
  } else if (e.interchange !== undefined) {
    parts.push(`Interchange ${e.interchange}`);
  } else parts.push(e.line !== undefined ? `Line ${e.line}` : 'The file');
  const { def, ref, composite } = elementAt(schema, e.tag, e.element, e.component);
  if (e.element !== undefined) {
    const name = def ? `${def.name}, data element ${ref}` : composite ? `composite ${composite}` : undefined;
    parts.push(`element ${e.element}${name ? ` (${name})` : ''}`);
    if (e.component !== undefined) parts.push(`component ${e.component}`);
  }
  const where = parts.join(', ');
  const v = quote(e.value);
  let what: string;
  let expected: string | undefined;
  switch (e.code) {
    case 'DS_X12_ELEMENT_INVALID_CODE':
      what = `${v} is not one of the allowed codes`;
      expected = def ? codesWords(def) : undefined;
      break;
    case 'DS_X12_ELEMENT_MISSING':
      what = 'is required but is missing';
      expected = def ? `${typeWords(def.type)} of ${lengthWords(def)}` : undefined;
      break;
    case 'DS_X12_ELEMENT_CONDITIONAL_MISSING':
      what = 'is missing, but a related element of the segment is present and requires it';
      break;
    case 'DS_X12_ELEMENT_TOO_SHORT':
      what = `${v} is too short (${[...(e.value ?? '')].length} characters)`;
      expected = def ? lengthWords(def) : undefined;
      break;
    case 'DS_X12_ELEMENT_TOO_LONG':
      what = `${v} is too long (${[...(e.value ?? '')].length} characters)`;
      expected = def ? lengthWords(def) : undefined;
      break;
    case 'DS_X12_ELEMENT_INVALID_CHARACTER':
      what = `${v} has characters that are not allowed here`;
      expected = def ? typeWords(def.type) : undefined;
      break;
    case 'DS_X12_ELEMENT_INVALID_DATE':
      what = `${v} is not a valid date`;
      expected = def ? (def.max === 6 ? 'a date as YYMMDD' : 'a date as CCYYMMDD') : 'a date';
      break;
    case 'DS_X12_ELEMENT_INVALID_TIME':
      what = `${v} is not a valid time`;
      expected = 'a time as HHMM, HHMMSS or HHMMSSd…';
      break;
    case 'DS_X12_ELEMENT_EXCLUSION_VIOLATED':
      what = 'is present together with an element it excludes (only one of them may be given)';
      break;
    case 'DS_X12_ELEMENT_TOO_MANY':
      what = `the segment has more elements than the standard defines${e.value !== undefined ? ` (extra value ${v})` : ''}`;
      expected = segDef ? `at most ${segDef.elements.length} elements` : undefined;
      break;
    default:
      what = catalogue ?? e.message;
      if (e.value !== undefined) what += ` (found ${v})`;
  }
  return { where, what, ...(expected && { expected }) };
}

function explainMapped(
  e: TranslationError,
  tables: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Explanation {
  // Mapping messages start with the canonical field they were filling: "lines.uom: …".
  const m = /^([A-Za-z0-9_.[\]-]+): (.+)$/s.exec(e.message);
  const field = e.path ?? m?.[1];
  const text = (m ? m[2] : e.message).replace(/\.$/, '');
  const parts: string[] = [];
  if (e.line !== undefined) parts.push(`Line ${e.line}`);
  if (e.row !== undefined && e.row !== e.line) parts.push(`record ${e.row}`);
  if (e.column !== undefined) parts.push(`column "${e.column}"`);
  let where = parts.length > 0 ? parts.join(', ') : 'The file';
  if (field) where += ` (field ${field})`;
  const lookup = /cross-reference table "([^"]+)"/.exec(e.message);
  const table = lookup ? tables[lookup[1]] : undefined;
  const known = table ? Object.keys(table) : [];
  const expected =
    e.code === 'DS_MAP_LOOKUP_MISSING' && known.length > 0
      ? `one of the codes in crossReference.${lookup?.[1]}: ${known.slice(0, 24).join(', ')}${known.length > 24 ? ' …' : ''}`
      : undefined;
  const hint =
    e.code === 'DS_MAP_LOOKUP_MISSING' && lookup
      ? `If the code is right, add it to crossReference.${lookup[1]} in the partner profile, then reprocess the file.`
      : e.code === 'DS_MAP_LOOKUP_TABLE_MISSING' && lookup
        ? `Add a crossReference.${lookup[1]} table to the partner profile, then reprocess the file.`
        : undefined;
  return { where, what: text, ...(expected && { expected }), ...(hint && { hint }) };
}
