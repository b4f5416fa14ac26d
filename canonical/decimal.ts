// Exact decimal arithmetic on strings and BigInt: money never passes through a float
// (0.1 + 0.2 !== 0.3, and a 15-digit invoice total would silently lose cents).
import { DocksideError } from './errors';

/** Thrown (as `DocksideError.code`) for input that is not a decimal number. */
export const INVALID_DECIMAL = 'DS_CANONICAL_INVALID_DECIMAL';

/** A decimal as an integer count of 10^-scale units: `-1.50` is { units: -150n, scale: 2 }. */
export interface Decimal {
  units: bigint;
  scale: number;
}

// Optional sign, then digits with an optional fraction, or a bare fraction ('.5', X12 R allows it).
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const INTEGER = /^[+-]?\d+$/;
const LEADING_ZEROS = /^0+(?=\d)/;

/**
 * Whether `value` matches DECIMAL with at least one digit, by a scan instead of a regex match
 * (this runs for every quantity and price of every line): 0 no, else 1 + the index of its '.'
 * (0 when it has none), so callers also learn its shape.
 */
function decimalShape(value: string): number {
  const n = value.length;
  let i = 0;
  const first = n > 0 ? value.charCodeAt(0) : 0;
  if (first === 43 || first === 45) i = 1; // + -
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && dot === -1) dot = i;
    else return 0;
  }
  return digits === 0 ? 0 : dot + 2;
}

function invalid(value: string, why: string): DocksideError {
  return new DocksideError(INVALID_DECIMAL, `'${value}' is not ${why}`, { value });
}

/** Parse a decimal string ('1234.5', '-.5', '+007', '3.') exactly. */
export function parseDecimal(value: string): Decimal {
  const m = DECIMAL.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw invalid(value, 'a decimal number');
  const fraction = m[3] ?? '';
  const units = BigInt((m[2] || '0') + fraction);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** Format a decimal with exactly its scale: { units: -150n, scale: 2 } → '-1.50'. */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const body = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  // No '-0.00': a zero amount has no sign.
  return negative ? `-${body}` : body;
}

function rescale(d: Decimal, scale: number): Decimal {
  return scale <= d.scale ? d : { units: d.units * 10n ** BigInt(scale - d.scale), scale };
}

/**
 * An X12 implied-decimal value (type Nn, e.g. TDS01 is N2): integer digits with `scale`
 * implied decimal places. `impliedDecimal('96000', 2) === '960.00'`, `('-150', 2)` → '-1.50'.
 */
export function impliedDecimal(value: string, scale: number): string {
  if (!INTEGER.test(value)) throw invalid(value, 'an implied-decimal integer');
  if (!Number.isInteger(scale) || scale < 0) throw invalid(String(scale), 'a valid scale');
  return formatDecimal({ units: BigInt(value), scale });
}

/**
 * Normalize a decimal string to at least `minScale` places, keeping any further places
 * exactly: ('1234.5', 2) → '1234.50', ('.5', 2) → '0.50', ('1.125', 2) → '1.125'.
 * Pure string work (no BigInt): this runs for every price of every line.
 */
export function normalizeDecimal(value: string, minScale = 2): string {
  // Already normal (the common case): unsigned, a '.' after a whole part without superfluous
  // leading zeros, and at least max(minScale, 1) places.
  const shape = decimalShape(value);
  if (shape === 0) throw invalid(value, 'a decimal number');
  const dot = shape - 2;
  const first = value.charCodeAt(0);
  if (
    dot > 0 &&
    first !== 43 &&
    first !== 45 &&
    (first !== 48 || dot === 1) &&
    value.length - dot - 1 >= Math.max(minScale, 1)
  ) {
    return value;
  }
  const m = DECIMAL.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw invalid(value, 'a decimal number');
  const whole = m[2].replace(LEADING_ZEROS, '') || '0';
  const fraction = (m[3] ?? '').padEnd(minScale, '0');
  // No '-0.00': a zero amount has no sign.
  const negative = m[1] === '-' && (whole !== '0' || /[1-9]/.test(fraction));
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}

/** Exact sum of decimal strings, with at least `minScale` places: ['0.1', '0.2'] → '0.30'. */
export function sumDecimals(values: readonly string[], minScale = 2): string {
  let total: Decimal = { units: 0n, scale: minScale };
  for (const value of values) {
    const d = parseDecimal(value);
    const scale = Math.max(total.scale, d.scale);
    total = { units: rescale(total, scale).units + rescale(d, scale).units, scale };
  }
  return formatDecimal(total);
}

/**
 * A quantity as a JSON number (DESIGN: quantities are numbers). Checked as a decimal first
 * so that '', '1e3', 'abc' or ' 5' are errors rather than NaN or silently coerced.
 */
export function parseQuantity(value: string): number {
  const shape = decimalShape(value);
  if (shape === 0) throw invalid(value, 'a number');
  // Digits only (no sign, no point): counted for exactness only when there are enough to matter.
  if (value.length > QUANTITY_DIGITS && !keepsExactly(value.replace(/[^0-9]/g, ''))) {
    throw invalid(
      value,
      `a quantity a JSON number keeps exactly (at most ${QUANTITY_DIGITS} significant digits)`,
    );
  }
  return Number(value);
}

/** Significant digits a quantity may have: a double keeps any 15 exactly, not every 16. */
export const QUANTITY_DIGITS = 15;

/**
 * Whether a number written with these digits (whole and fraction part together, without point)
 * becomes a double without losing any: at most QUANTITY_DIGITS of them between the first and
 * last non-zero one. '9007199254740993' (16) does not; '100000000000000000000' (1) does.
 */
export function keepsExactly(digits: string): boolean {
  let first = 0;
  let last = digits.length - 1;
  while (first <= last && digits.charCodeAt(first) === 48) first++;
  while (last >= first && digits.charCodeAt(last) === 48) last--;
  return last - first + 1 <= QUANTITY_DIGITS;
}
