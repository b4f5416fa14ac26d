// Element readers shared by the X12 → canonical maps: dates, times, amounts, N1 parties and
// item identifiers. Every reader returns undefined for an absent or empty element, so a map
// leaves out what the source lacks (DESIGN: never an empty string).
import { DocksideError } from '../../../canonical/errors';
import { impliedDecimal, normalizeDecimal, parseQuantity } from '../../../canonical/decimal';
import type { ItemIds, Party, QualifiedDate, Reference } from '../../../canonical/types.generated';
import { decodeValue, type X12Segment } from '../model';

/** Thrown by a reader when an element's value cannot be mapped; `mapSet` reports it. */
export const BAD_VALUE = 'DS_X12MAP_BAD_VALUE';

/** Where a bad value sits, as an `EventValidationError` path: `/x12/<ST-relative position>/<TAG><nn>`. */
export function elementPath(seg: X12Segment, n: number): string {
  return `/x12/${seg.position}/${seg.tag}${String(n).padStart(2, '0')}`;
}

function bad(seg: X12Segment, n: number, why: string, cause?: unknown): DocksideError {
  const value = seg.elements[n];
  return new DocksideError(BAD_VALUE, `${seg.tag}${String(n).padStart(2, '0')} '${value}' ${why}`, {
    path: elementPath(seg, n),
    segment: seg.tag,
    position: seg.position,
    element: n,
    value,
    cause: cause instanceof DocksideError ? cause.code : undefined,
  });
}

/** Raw element n, or undefined when absent or empty. Codes and ids are trimmed of padding. */
export function el(seg: X12Segment | undefined, n: number): string | undefined {
  const v = seg?.elements[n]?.trim();
  return v ? v : undefined;
}

/** Free text (names, descriptions): decoded from the latin1 read (UTF-8 or Windows-1252), trimmed. */
export function text(seg: X12Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  return v === undefined ? undefined : decodeValue(v).trim() || undefined;
}

/**
 * YYMMDD dates (ISA09, TA102, GS04 before 004010) are windowed at 50: 00–49 → 20YY,
 * 50–99 → 19YY. A fixed pivot keeps translation deterministic (a window sliding with the
 * clock would give the same bytes different dates next year).
 */
export function windowYear(yy: string): string {
  return (Number(yy) < 50 ? '20' : '19') + yy;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  // 29 February only in leap years (Gregorian rule).
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** An X12 DT value (CCYYMMDD, or YYMMDD windowed) as YYYY-MM-DD; throws on a non-date. */
export function dateOf(value: string): string | undefined {
  const m = /^(\d{2})?(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const year = m[1] === undefined ? windowYear(m[2]) : m[1] + m[2];
  if (!isCalendarDate(Number(year), Number(m[3]), Number(m[4]))) return undefined;
  return `${year}-${m[3]}-${m[4]}`;
}

/** Element n as a YYYY-MM-DD date. */
export function date(seg: X12Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  const d = dateOf(v);
  if (d === undefined) throw bad(seg, n, 'is not a date (CCYYMMDD or YYMMDD)');
  return d;
}

/**
 * An X12 TM value as HH:MM or HH:MM:SS. TM is HHMM[SS[D[D]]]: decimal seconds are dropped,
 * since the canonical time has whole seconds.
 */
export function timeOf(value: string): string | undefined {
  const m = /^([01]\d|2[0-3])([0-5]\d)(?:([0-5]\d)\d{0,2})?$/.exec(value);
  if (!m) return undefined;
  return m[3] === undefined ? `${m[1]}:${m[2]}` : `${m[1]}:${m[2]}:${m[3]}`;
}

/** Element n as HH:MM or HH:MM:SS. */
export function time(seg: X12Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  const t = timeOf(v);
  if (t === undefined) throw bad(seg, n, 'is not a time (HHMM[SS[DD]])');
  return t;
}

/** An R (real) element that is money: a decimal string with at least two places. */
export function money(seg: X12Segment | undefined, n: number): string | undefined {
  return decimal(seg, n, 2);
}

/** An R element as an exact decimal string with at least `minScale` places. */
export function decimal(seg: X12Segment | undefined, n: number, minScale: number): string | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  try {
    return normalizeDecimal(v, minScale);
  } catch (e) {
    throw bad(seg, n, 'is not a decimal number', e);
  }
}

/** An N2 element (implied two decimals: TDS01, SAC05, ITD08) as a decimal string. */
export function impliedMoney(seg: X12Segment | undefined, n: number): string | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  try {
    return impliedDecimal(v, 2);
  } catch (e) {
    throw bad(seg, n, 'is not an implied-decimal (N2) number', e);
  }
}

/** An R element that is a quantity, as a JSON number. */
export function quantity(seg: X12Segment | undefined, n: number): number | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  try {
    return parseQuantity(v);
  } catch (e) {
    throw bad(seg, n, 'is not a number', e);
  }
}

/** An N0 element (days, counts) as an integer. */
export function integer(seg: X12Segment | undefined, n: number): number | undefined {
  const v = el(seg, n);
  if (v === undefined || !seg) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw bad(seg, n, 'is not an integer');
  return Number(v);
}

/**
 * A copy without its undefined properties, so the object validates (`additionalProperties`)
 * and serializes cleanly. Copying, not `delete`: deleting keys puts V8 objects in slow mode.
 */
export function compact<T extends object>(obj: T): T {
  const out = {} as T;
  for (const key in obj) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}

/** `compact`, then undefined when nothing is left (an empty `carrier: {}` says nothing). */
export function nonEmpty<T extends object>(obj: T): T | undefined {
  const out = compact(obj);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The array, or undefined when it is empty. */
export function list<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * N101 entity identifier → canonical party role. Codes with no canonical role keep the
 * X12 code as the role (e.g. 'RE' remit-to, 'SH' shipper), so nothing is lost or guessed.
 */
export const PARTY_ROLES: Readonly<Record<string, string>> = {
  BY: 'buyer',
  SE: 'seller',
  SU: 'seller', // supplier/manufacturer
  VN: 'seller', // vendor
  ST: 'shipTo',
  BT: 'billTo',
  SF: 'shipFrom',
};

/** Segments of an N1 loop after N1 that carry the party's name and address. */
export const N1_LOOP_TAGS: readonly string[] = [
  'N2',
  'N3',
  'N4',
  'REF',
  'PER',
  'NX2',
  'SI',
  'FOB',
  'TD1',
  'TD5',
  'TD3',
  'TD4',
  'PKG',
];

const N1_LOOP = new Set(N1_LOOP_TAGS);

/** Whether `tag` may follow N1 inside its loop (so it is not a header REF/PER/TD5). */
export function inN1Loop(tag: string): boolean {
  return N1_LOOP.has(tag);
}

/**
 * One party from an N1 loop: N1 (role, name, id), N3 (address lines: N301, N302) and N4
 * (N401 city, N402 state, N403 postal code, N404 country). Only the first N3 and N4 count.
 */
export function partyOf(n1: X12Segment, loop: readonly X12Segment[]): Party {
  const code = el(n1, 1) ?? 'unknown';
  const n3 = loop.find((s) => s.tag === 'N3');
  const n4 = loop.find((s) => s.tag === 'N4');
  const address = nonEmpty({
    line1: text(n3, 1),
    line2: text(n3, 2),
    city: text(n4, 1),
    state: el(n4, 2),
    postalCode: el(n4, 3),
    country: el(n4, 4),
  });
  return compact({
    role: PARTY_ROLES[code] ?? code,
    name: text(n1, 2),
    idQualifier: el(n1, 3),
    id: el(n1, 4),
    address,
  });
}

/**
 * Product/service id qualifier (element 235) → canonical item id. Qualifiers not listed,
 * and a second id for a field already filled, go to `other` with their qualifier.
 */
export const ITEM_ID_FIELDS: Readonly<Record<string, 'buyer' | 'vendor' | 'upc' | 'gtin' | 'sku'>> = {
  BP: 'buyer', // buyer's part number
  IN: 'buyer', // buyer's item number
  CB: 'buyer', // buyer's catalog number
  VP: 'vendor', // vendor's part number
  VN: 'vendor', // vendor's item number
  VC: 'vendor', // vendor's (seller's) catalog number
  VA: 'vendor', // vendor's style number
  UP: 'upc', // UCC-12 consumer package code
  UK: 'gtin', // GTIN-14
  EN: 'gtin', // EAN/UCC-13
  UA: 'gtin', // U.P.C./EAN case code: a GTIN of the case
  SK: 'sku', // stock keeping unit
};

/**
 * Item ids from qualifier/value pairs starting at element `first` (PO106/PO107…, IT106…,
 * LIN02/LIN03…): every pair up to the end of the segment, empty pairs skipped.
 */
export function itemIdsOf(seg: X12Segment, first: number): ItemIds | undefined {
  const ids: ItemIds = {};
  const other: Reference[] = [];
  for (let n = first; n + 1 < seg.elements.length; n += 2) {
    const qualifier = el(seg, n);
    const value = el(seg, n + 1);
    if (qualifier === undefined || value === undefined) continue;
    const field = ITEM_ID_FIELDS[qualifier];
    if (field !== undefined && ids[field] === undefined) ids[field] = value;
    else other.push({ qualifier, value });
  }
  if (other.length > 0) ids.other = other;
  return nonEmpty(ids);
}

/** A REF segment as a reference: REF01 qualifier, REF02 value (REF03 description when REF02 is absent). */
export function referenceOf(ref: X12Segment): Reference | undefined {
  const qualifier = el(ref, 1);
  const value = el(ref, 2) ?? text(ref, 3);
  if (qualifier === undefined || value === undefined) return undefined;
  return compact({ qualifier, value, description: el(ref, 2) !== undefined ? text(ref, 3) : undefined });
}

/** The first PID free-form description (PID01 = F, PID05) of an item, preferring PID02 empty or 08 (product). */
export function descriptionOf(pids: readonly X12Segment[]): string | undefined {
  const free = pids.filter((p) => el(p, 1) === 'F' && text(p, 5) !== undefined);
  const product = free.find((p) => el(p, 2) === undefined || el(p, 2) === '08');
  return text(product ?? free[0], 5);
}

/** A DTM segment as a qualified date: DTM01 qualifier, DTM02 date, DTM03 time. */
export function dateRefOf(dtm: X12Segment): QualifiedDate | undefined {
  const qualifier = el(dtm, 1);
  const d = date(dtm, 2);
  if (qualifier === undefined || d === undefined) return undefined;
  return compact({ qualifier, date: d, time: time(dtm, 3) });
}

/** Split a set's segments at each segment tagged `tag`: the groups start with that tag. */
export function groupsStartingWith(segments: readonly X12Segment[], tag: string): X12Segment[][] {
  const groups: X12Segment[][] = [];
  for (const seg of segments) {
    if (seg.tag === tag) groups.push([seg]);
    else if (groups.length > 0) groups[groups.length - 1].push(seg);
  }
  return groups;
}

/** One segment handed to a `SetDataBuilder`: read it with `segment()` while it is being fed. */
export interface SegmentSource {
  /** The segment as data; call it only during `SetDataBuilder.segment` (keep the result, not the source). */
  segment(): X12Segment;
}

/**
 * A map that takes a set one segment at a time (ST to SE), then gives the event data. The engine
 * feeds it as it reads, so only the segments a map keeps are ever made into `X12Segment`s. A
 * reader that throws a `DocksideError` ends the map: `mapSet` reports it.
 */
export interface SetDataBuilder<T extends object = object> {
  segment(tag: string, source: SegmentSource): void;
  finish(): T;
}

/** Run a builder over a parsed set's segments. */
export function buildFrom<T extends object>(builder: SetDataBuilder<T>, segments: readonly X12Segment[]): T {
  let current: X12Segment | undefined;
  const source: SegmentSource = { segment: () => current as X12Segment };
  for (const seg of segments) {
    current = seg;
    builder.segment(seg.tag, source);
  }
  return builder.finish();
}
