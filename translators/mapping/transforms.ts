// Value transforms of a field rule. Pure functions from a source string to an output value;
// a failure is returned (never thrown) so the engine can attach the record's location.
import type { Transform } from './mapping-schema';
import type { MappingErrorCode } from './errors';
import { keepsExactly, QUANTITY_DIGITS } from '../../canonical/decimal';

/** An output value: text, a JSON number (quantities) or a boolean constant. */
export type Value = string | number | boolean;

/** The outcome of a transform: the new value, or a code and a plain sentence. */
export type TransformResult =
  { ok: true; value: Value } | { ok: false; code: MappingErrorCode; message: string };

/** Cross-reference tables by name (from the partner profile). */
export type Tables = Record<string, Record<string, string>>;

const ok = (value: Value): TransformResult => ({ ok: true, value });
const fail = (code: MappingErrorCode, message: string): TransformResult => ({ ok: false, code, message });

/** Apply `transforms` in order; stops at the first failure. */
export function applyTransforms(
  value: Value,
  transforms: readonly Transform[],
  tables: Tables,
): TransformResult {
  let current: Value = value;
  for (const t of transforms) {
    const r = applyOne(current, t, tables);
    if (!r.ok) return r;
    current = r.value;
  }
  return ok(current);
}

function applyOne(value: Value, t: Transform, tables: Tables): TransformResult {
  const text = String(value);
  if (typeof t === 'string') {
    switch (t) {
      case 'trim':
        return ok(text.trim());
      case 'upper':
        return ok(text.toUpperCase());
      case 'lower':
        return ok(text.toLowerCase());
      case 'number':
        return parseQuantity(text, {});
      case 'integer':
        return parseQuantity(text, { integer: true });
    }
  }
  if ('date' in t) return parseDateTime(text, t.date.format, 'date');
  if ('time' in t) return parseDateTime(text, t.time.format, 'time');
  if ('datetime' in t) return parseDateTime(text, t.datetime.format, 'datetime', t.datetime.offset ?? 'Z');
  if ('decimal' in t) return parseDecimal(text, t.decimal.scale, t.decimal.comma === true);
  if ('number' in t) return parseQuantity(text, t.number);
  const table = tables[t.lookup];
  if (table === undefined) {
    return fail(
      'DS_MAP_LOOKUP_TABLE_MISSING',
      `Cross-reference table "${t.lookup}" was not provided by the partner profile.`,
    );
  }
  // Own-property check: a key such as "constructor" must not resolve through the prototype.
  if (!Object.prototype.hasOwnProperty.call(table, text)) {
    return fail('DS_MAP_LOOKUP_MISSING', `"${text}" has no entry in cross-reference table "${t.lookup}".`);
  }
  return ok(table[text]);
}

/**
 * Split "1.234,50" / "1,234.50" / "-12.5" into sign, integer digits and fraction digits.
 * Thousands separators are accepted only in groups of three, so "1,5" is not silently 15.
 */
function splitNumber(text: string, comma: boolean): { neg: boolean; int: string; frac: string } | undefined {
  let s = text.trim();
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    // Some WMS exports write negative quantities with a trailing minus (mainframe style).
    neg = true;
    s = s.slice(0, -1);
  }
  const dec = comma ? ',' : '.';
  const grp = comma ? '.' : ',';
  const [intPart, fracPart = '', extra] = s.split(dec);
  if (extra !== undefined) return undefined;
  let int = intPart;
  if (int.includes(grp)) {
    const groups = int.split(grp);
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return undefined;
    int = groups.join('');
  }
  if (!/^\d*$/.test(int) || !/^\d*$/.test(fracPart) || int.length + fracPart.length === 0) return undefined;
  return { neg, int: int.replace(/^0+(?=\d)/, '') || '0', frac: fracPart };
}

/** Money: exact decimal string with `scale` fraction digits; extra non-zero digits are an error, never rounded. */
export function parseDecimal(text: string, scale: number, comma: boolean): TransformResult {
  const n = splitNumber(text, comma);
  if (n === undefined) return fail('DS_MAP_DECIMAL_INVALID', `"${text}" is not a decimal amount.`);
  const frac = n.frac.replace(/0+$/, '');
  if (frac.length > scale) {
    return fail('DS_MAP_DECIMAL_INVALID', `"${text}" has more than ${scale} decimal places.`);
  }
  const digits = scale > 0 ? `${n.int}.${frac.padEnd(scale, '0')}` : n.int;
  const isZero = /^[0.]+$/.test(digits);
  return ok(n.neg && !isZero ? `-${digits}` : digits);
}

/** Quantity: a JSON number (quantities are counts, not money, so a double is exact enough). */
export function parseQuantity(text: string, opts: { comma?: boolean; integer?: boolean }): TransformResult {
  const n = splitNumber(text, opts.comma === true);
  if (n === undefined) return fail('DS_MAP_NUMBER_INVALID', `"${text}" is not a number.`);
  if (!keepsExactly(n.int + n.frac)) {
    return fail(
      'DS_MAP_NUMBER_INVALID',
      `"${text}" has more than ${QUANTITY_DIGITS} significant digits: a quantity would not keep it exactly.`,
    );
  }
  const value = Number(`${n.neg ? '-' : ''}${n.int}.${n.frac || '0'}`);
  if (!Number.isFinite(value)) return fail('DS_MAP_NUMBER_INVALID', `"${text}" is not a finite number.`);
  if (opts.integer && !Number.isInteger(value)) {
    return fail('DS_MAP_NUMBER_INVALID', `"${text}" is not a whole number.`);
  }
  return ok(value === 0 ? 0 : value); // no -0 in JSON output
}

const TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'mm', 'ss'] as const;
type Token = (typeof TOKENS)[number];
const TOKEN_RE: Record<Token, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};
const compiled = new Map<string, { re: RegExp; tokens: Token[] }>();

/** Turn "DD/MM/YYYY HH:mm" into a regex once; formats are few, files are large. */
function compile(format: string): { re: RegExp; tokens: Token[] } {
  let c = compiled.get(format);
  if (c) return c;
  const tokens: Token[] = [];
  let src = '';
  for (let i = 0; i < format.length;) {
    const tok = TOKENS.find((t) => format.startsWith(t, i));
    if (tok) {
      tokens.push(tok);
      src += TOKEN_RE[tok];
      i += tok.length;
    } else {
      src += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  c = { re: new RegExp(`^${src}$`), tokens };
  compiled.set(format, c);
  return c;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Parse a date, time or date-time written as `format` into DESIGN.md's forms; checks the calendar. */
export function parseDateTime(
  text: string,
  format: string,
  kind: 'date' | 'time' | 'datetime',
  offset = 'Z',
): TransformResult {
  const { re, tokens } = compile(format);
  const m = re.exec(text.trim());
  const bad = (): TransformResult =>
    fail(
      'DS_MAP_DATE_INVALID',
      `"${text}" is not a valid ${kind === 'datetime' ? 'date-time' : kind} in the format ${format}.`,
    );
  if (!m) return bad();
  const f: Partial<Record<'y' | 'mo' | 'd' | 'h' | 'mi' | 's', number>> = {};
  tokens.forEach((t, i) => {
    const v = Number(m[i + 1]);
    if (t === 'YYYY') f.y = v;
    // Two-digit years: 00–69 are 20xx, 70–99 are 19xx (the POSIX strptime pivot).
    else if (t === 'YY') f.y = v < 70 ? 2000 + v : 1900 + v;
    else if (t === 'MM' || t === 'M') f.mo = v;
    else if (t === 'DD' || t === 'D') f.d = v;
    else if (t === 'HH' || t === 'H') f.h = v;
    else if (t === 'mm') f.mi = v;
    else f.s = v;
  });
  let date = '';
  if (kind !== 'time') {
    const { y, mo, d } = f;
    if (y === undefined || mo === undefined || d === undefined) return bad();
    const dim = [
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
    if (mo < 1 || mo > 12 || d < 1 || d > dim[mo - 1]) return bad();
    date = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
    if (kind === 'date') return ok(date);
  }
  const { h, mi, s } = f;
  if (h === undefined || mi === undefined || h > 23 || mi > 59 || (s !== undefined && s > 59)) return bad();
  if (kind === 'time') return ok(`${pad(h)}:${pad(mi)}${s === undefined ? '' : `:${pad(s)}`}`);
  return ok(`${date}T${pad(h)}:${pad(mi)}:${pad(s ?? 0)}${offset}`);
}
