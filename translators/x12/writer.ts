// Serialises segments with any delimiters: acknowledgements now, outbound 810/856 later.
import { DocksideError } from '../../canonical/errors';

/** Delimiters for writing; `suffix` follows each terminator (e.g. '\n' for readable files). */
export interface WriteDelimiters {
  readonly element: string;
  readonly component: string;
  /** Repetition separator (ISA11 for control versions >= 00402). */
  readonly repetition: string;
  readonly segment: string;
  readonly suffix: string;
}

/** Dockside's default outbound delimiters: `*`, `>`, `^`, `~` and a newline after each segment. */
export const DEFAULT_WRITE_DELIMITERS: WriteDelimiters = {
  element: '*',
  component: '>',
  repetition: '^',
  segment: '~',
  suffix: '\n',
};

/**
 * A segment to write: the tag, then element values (position 1 onward). A value given as an
 * array is a composite, written with the component separator. Trailing empty elements are
 * dropped, as X12 requires.
 */
export type SegmentOut = readonly [string, ...(string | readonly string[])[]];

const forbidden = new WeakMap<WriteDelimiters, RegExp>();

/** One character class matching any delimiter of `d` (built once per delimiter set). */
function delimiterPattern(d: WriteDelimiters): RegExp {
  let re = forbidden.get(d);
  if (!re) {
    const chars = [d.element, d.component, d.repetition, d.segment].filter((x) => x !== '');
    re = new RegExp(`[${chars.map((c) => c.replace(/[\]\\^-]/g, '\\$&')).join('')}]`);
    forbidden.set(d, re);
  }
  return re;
}

/** Write segments as X12 text. Throws DS_X12_WRITE_DELIMITER_IN_VALUE if a value holds a delimiter. */
export function writeSegments(segments: readonly SegmentOut[], d: WriteDelimiters): string {
  const pattern = delimiterPattern(d);
  let out = '';
  for (const seg of segments) {
    const values = seg.map((v) => (typeof v === 'string' ? v : v.join(d.component)));
    let last = values.length - 1;
    while (last > 0 && values[last] === '') last--;
    for (let i = 0; i <= last; i++) {
      // ISA11 (repetition separator) and ISA16 (component separator) carry delimiters by design.
      if (seg[0] === 'ISA' && (i === 11 || i === 16)) continue;
      const raw = seg[i];
      const parts = typeof raw === 'string' ? [raw] : raw;
      for (const part of parts) {
        if (pattern.test(part)) {
          throw new DocksideError(
            'DS_X12_WRITE_DELIMITER_IN_VALUE',
            `${seg[0]}${pad2(i)} holds a delimiter`,
            {
              value: part,
            },
          );
        }
      }
    }
    out += values.slice(0, last + 1).join(d.element) + d.segment + d.suffix;
  }
  return out;
}

/** Replace delimiter characters in a copied value (AK404 / IK404 must not break the ack). */
export function sanitizeValue(value: string, d: WriteDelimiters, max = 99): string {
  const v = value.length > max ? value.slice(0, max) : value;
  if (!pattern(d).test(v)) return v;
  return v.replace(new RegExp(pattern(d).source, 'g'), ' ');
}

const sanitizers = new WeakMap<WriteDelimiters, RegExp>();

/** Delimiters or control characters: what a copied value must not carry. */
function pattern(d: WriteDelimiters): RegExp {
  let re = sanitizers.get(d);
  if (!re) {
    re = new RegExp(delimiterPattern(d).source.replace(/\]$/, '\\x00-\\x1f]'));
    sanitizers.set(d, re);
  }
  return re;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Left-justify and space-pad to a fixed width (ISA fields). */
export function fixed(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value + ' '.repeat(width - value.length);
}
