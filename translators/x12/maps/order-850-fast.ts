// The 850 map's fast path, over a held set's text: the same rules as `Order850Builder`, read
// straight from the text (no segment objects, no element arrays, no `compact` copies), for the
// common case. Anything that would make the builder throw — a value that is not a date, time,
// number — makes it give up (undefined), and the caller runs the builder, which reports it.
// Tests check it against the builder on the corpus and on generated sets.
import type {
  ItemIds,
  OrderCreated,
  OrderLine,
  Party,
  QualifiedDate,
  Reference,
} from '../../../canonical/types.generated';
import { normalizeDecimal, parseQuantity } from '../../../canonical/decimal';
import { decodeValue } from '../model';
import { dateOf, ITEM_ID_FIELDS, N1_LOOP_TAGS, PARTY_ROLES, timeOf } from './common';
import type { HeldSet } from './held-set';

/** A tag as a number: its length and character codes (tags are 2–3 characters); -1 otherwise. */
function key(tag: string): number {
  return (tag.length << 24) | (tag.charCodeAt(0) << 16) | (tag.charCodeAt(1) << 8) | (tag.charCodeAt(2) || 0);
}

const BEG = key('BEG');
const CUR = key('CUR');
const REF = key('REF');
const DTM = key('DTM');
const N1 = key('N1');
const N3 = key('N3');
const N4 = key('N4');
const PO1 = key('PO1');
const PID = key('PID');
const CTT = key('CTT');
const AMT = key('AMT');
const N1_LOOP = new Set(N1_LOOP_TAGS.map(key));

const HEADER = 0;
const PARTY = 1;
const LINE = 2;
const SUMMARY = 3;

/** Thrown inside the fast path to give up; never leaves it. */
const GIVE_UP = new Error('850 fast path gives up');

/** A party being read: N1, then its first N3 and N4. */
interface OpenParty {
  code: string | undefined;
  name: string | undefined;
  idQualifier: string | undefined;
  id: string | undefined;
  n3: boolean;
  line1: string | undefined;
  line2: string | undefined;
  n4: boolean;
  city: string | undefined;
  state: string | undefined;
  postalCode: string | undefined;
  country: string | undefined;
}

/** Reads one segment of the held text at a time; element boundaries in a reused array. */
class Cursor {
  text = '';
  /** The element separator, and its character code. */
  sepChar = '';
  sep = 0;
  /** Start of element i of the current segment (0 = tag). */
  starts = new Int32Array(64);
  count = 0;
  end = 0;

  /** The tag key of text[p, end) without splitting it. */
  tagKey(p: number, end: number): number {
    const text = this.text;
    const sep = this.sep;
    let len = 0;
    while (p + len < end && text.charCodeAt(p + len) !== sep) {
      // Keys hold 8-bit codes: text not read as latin1 (a string input) is the builder's.
      if (text.charCodeAt(p + len) > 0xff) throw GIVE_UP;
      if (++len > 3) return -1;
    }
    if (len < 2) return -1;
    return (
      (len << 24) |
      (text.charCodeAt(p) << 16) |
      (text.charCodeAt(p + 1) << 8) |
      (len === 3 ? text.charCodeAt(p + 2) : 0)
    );
  }

  split(p: number, end: number): void {
    const text = this.text;
    const sepChar = this.sepChar;
    let starts = this.starts;
    let n = 0;
    starts[n++] = p;
    for (let i = text.indexOf(sepChar, p); i !== -1 && i < end; i = text.indexOf(sepChar, i + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = this.starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.count = n;
    this.end = end;
  }

  /** `el`: element n trimmed, undefined when absent or empty. */
  el(n: number): string | undefined {
    if (n >= this.count) return undefined;
    const start = this.starts[n];
    const stop = n + 1 < this.count ? this.starts[n + 1] - 1 : this.end;
    if (stop === start) return undefined;
    const text = this.text;
    const raw = text.slice(start, stop);
    // trim() only when an end may be white space (it gives the same string otherwise).
    if (!mayBeSpace(text.charCodeAt(start)) && !mayBeSpace(text.charCodeAt(stop - 1))) return raw;
    const v = raw.trim();
    return v ? v : undefined;
  }

  /** `text`: element n decoded and trimmed. */
  txt(n: number): string | undefined {
    const v = this.el(n);
    return v === undefined ? undefined : decodeValue(v).trim() || undefined;
  }

  /** `date`: a YYYY-MM-DD date; gives up where `date` throws. */
  date(n: number): string | undefined {
    const v = this.el(n);
    if (v === undefined) return undefined;
    const d = dateOf(v);
    if (d === undefined) throw GIVE_UP;
    return d;
  }

  /** `money`: a decimal with at least two places; gives up where `money` throws. */
  money(n: number): string | undefined {
    const v = this.el(n);
    return v === undefined ? undefined : normalizeDecimal(v, 2);
  }

  /** `quantity`: a number; gives up where `quantity` throws. */
  quantity(n: number): number | undefined {
    // Up to 15 plain digits are read in place: exactly Number() of them (below 2^53), no string.
    if (n < this.count) {
      const start = this.starts[n];
      const stop = n + 1 < this.count ? this.starts[n + 1] - 1 : this.end;
      if (stop > start && stop - start <= 15) {
        const text = this.text;
        let q = 0;
        let i = start;
        for (; i < stop; i++) {
          const d = text.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          q = q * 10 + d;
        }
        if (i === stop) return q;
      }
    }
    const v = this.el(n);
    return v === undefined ? undefined : parseQuantity(v);
  }

  /**
   * ITEM_ID_FIELDS of element n when it is two characters that trim() keeps (the usual
   * qualifier), read in place; undefined when it is not such a qualifier or has no field.
   */
  twoCharField(n: number): (typeof ITEM_ID_FIELDS)[string] | undefined {
    if (n >= this.count) return undefined;
    const start = this.starts[n];
    const stop = n + 1 < this.count ? this.starts[n + 1] - 1 : this.end;
    if (stop - start !== 2) return undefined;
    const a = this.text.charCodeAt(start);
    const b = this.text.charCodeAt(start + 1);
    if (mayBeSpace(a) || mayBeSpace(b)) return undefined;
    return FIELD_BY_CODE.get((a << 16) | b);
  }
}

const cursor = new Cursor();

/** False only for characters that are surely not white space or line terminators to trim(). */
function mayBeSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c >= 0x1680;
}

/** ITEM_ID_FIELDS by the two character codes of a qualifier: no string lookup per pair. */
const FIELD_BY_CODE = new Map<number, (typeof ITEM_ID_FIELDS)[string]>(
  Object.entries(ITEM_ID_FIELDS)
    .filter(([q]) => q.length === 2)
    .map(([q, field]) => [(q.charCodeAt(0) << 16) | q.charCodeAt(1), field]),
);

/** The 850's data from a held set, or undefined when the builder must decide (see above). */
export function fastOrder850(held: HeldSet): OrderCreated | undefined {
  if (held.element.length !== 1) return undefined;
  try {
    return run(held);
  } catch {
    // GIVE_UP, or a DocksideError of a value reader: the builder throws it again, with context.
    return undefined;
  }
}

function run(held: HeldSet): OrderCreated {
  const c = cursor;
  const text = held.text;
  c.text = text;
  c.sepChar = held.element;
  c.sep = held.element.charCodeAt(0);
  const marks = held.marks;

  let area = HEADER;
  // Last BEG: BEG01, BEG02, BEG03, BEG04 (text), BEG05 (date).
  let beg = false;
  let purpose: string | undefined;
  let orderType: string | undefined;
  let poNumber: string | undefined;
  let release: string | undefined;
  let orderDate: string | undefined;
  let currency: string | undefined;
  const parties: Party[] = [];
  const references: Reference[] = [];
  const dates: QualifiedDate[] = [];
  const lines: OrderLine[] = [];
  let party: OpenParty | undefined;
  let line: OrderLine | undefined;
  let freeText: string | undefined;
  let productText: string | undefined;
  // Last CTT: CTT01 (integer), CTT02 (quantity), read at the end as the builder does.
  let ctt = false;
  let lineCount: string | undefined;
  let hashTotal: string | undefined;
  let totalAmount: string | undefined;

  for (let i = 0; i < marks.length; i += 5) {
    const p = marks[i + 3];
    const end = p + marks[i + 4];
    const tag = c.tagKey(p, end);
    if (area === PARTY && !N1_LOOP.has(tag)) {
      if (party) parties.push(partyOf(party));
      party = undefined;
      area = HEADER;
    }
    switch (tag) {
      case BEG:
        c.split(p, end);
        beg = true;
        purpose = c.el(1);
        orderType = c.el(2);
        poNumber = c.el(3);
        release = c.txt(4);
        orderDate = c.el(5);
        break;
      case CUR:
        if (area === HEADER && currency === undefined) {
          c.split(p, end);
          currency = c.el(2);
        }
        break;
      case REF:
        if (area === HEADER) {
          c.split(p, end);
          const qualifier = c.el(1);
          const v2 = c.el(2);
          const value = v2 ?? c.txt(3);
          if (qualifier !== undefined && value !== undefined) {
            const ref: Reference = { qualifier, value };
            if (v2 !== undefined) {
              const description = c.txt(3);
              if (description !== undefined) ref.description = description;
            }
            references.push(ref);
          }
        }
        break;
      case DTM:
        if (area === HEADER) {
          c.split(p, end);
          const qualifier = c.el(1);
          const d = c.date(2);
          if (qualifier !== undefined && d !== undefined) {
            const q: QualifiedDate = { qualifier, date: d };
            const tv = c.el(3);
            if (tv !== undefined) {
              const t = timeOf(tv);
              if (t === undefined) throw GIVE_UP;
              q.time = t;
            }
            dates.push(q);
          }
        }
        break;
      case N1:
        if (area === HEADER || area === PARTY) {
          c.split(p, end);
          party = {
            code: c.el(1),
            name: c.txt(2),
            idQualifier: c.el(3),
            id: c.el(4),
            n3: false,
            line1: undefined,
            line2: undefined,
            n4: false,
            city: undefined,
            state: undefined,
            postalCode: undefined,
            country: undefined,
          };
          area = PARTY;
          continue;
        }
        break;
      case PO1: {
        if (line) describe(line, productText ?? freeText);
        c.split(p, end);
        // PO101 line id, PO102 quantity (R), PO103 unit, PO104 unit price (R), PO106… id pairs.
        const next: OrderLine = {} as OrderLine;
        const lineNumber = c.el(1);
        if (lineNumber !== undefined) next.lineNumber = lineNumber;
        const qty = c.quantity(2);
        if (qty !== undefined) next.quantity = qty;
        const unit = c.el(3);
        if (unit !== undefined) next.unitOfMeasure = unit;
        const price = c.money(4);
        if (price !== undefined) next.unitPrice = price;
        const ids = itemIds(c, 6);
        if (ids !== undefined) next.itemIds = ids;
        lines.push(next);
        line = next;
        freeText = productText = undefined;
        area = LINE;
        break;
      }
      case PID:
        if (area === LINE && line) {
          c.split(p, end);
          if (c.el(1) === 'F') {
            const t = c.txt(5);
            if (t !== undefined) {
              freeText ??= t;
              const kind = c.el(2);
              if (productText === undefined && (kind === undefined || kind === '08')) productText = t;
            }
          }
        }
        break;
      case CTT:
        c.split(p, end);
        ctt = true;
        lineCount = c.el(1);
        hashTotal = c.el(2);
        area = SUMMARY;
        break;
      case AMT:
        if (area === SUMMARY) {
          c.split(p, end);
          if (c.el(1) === 'TT') totalAmount = c.money(2);
        }
        break;
    }
    if (area === PARTY && party && (tag === N3 || tag === N4)) {
      c.split(p, end);
      if (tag === N3 && !party.n3) {
        party.n3 = true;
        party.line1 = c.txt(1);
        party.line2 = c.txt(2);
      } else if (tag === N4 && !party.n4) {
        party.n4 = true;
        party.city = c.txt(1);
        party.state = c.el(2);
        party.postalCode = c.el(3);
        party.country = c.el(4);
      }
    }
  }
  if (party) parties.push(partyOf(party));
  if (line) describe(line, productText ?? freeText);

  const data = {} as OrderCreated;
  if (beg) {
    if (poNumber !== undefined) data.purchaseOrderNumber = poNumber;
    if (purpose !== undefined) data.purpose = purpose;
    if (orderType !== undefined) data.orderType = orderType;
    if (release !== undefined) data.releaseNumber = release;
    if (orderDate !== undefined) {
      const d = dateOf(orderDate);
      if (d === undefined) throw GIVE_UP;
      data.orderDate = d;
    }
  }
  if (currency !== undefined) data.currency = currency;
  if (parties.length > 0) data.parties = parties;
  if (references.length > 0) data.references = references;
  if (dates.length > 0) data.dates = dates;
  data.lines = lines;
  // CTT01 number of line items, CTT02 hash total of quantities.
  const totals: NonNullable<OrderCreated['totals']> = {};
  let any = false;
  if (ctt && lineCount !== undefined) {
    if (!/^[+-]?\d+$/.test(lineCount)) throw GIVE_UP;
    totals.lineCount = Number(lineCount);
    any = true;
  }
  if (ctt && hashTotal !== undefined) {
    totals.quantity = parseQuantity(hashTotal);
    any = true;
  }
  if (totalAmount !== undefined) {
    totals.amount = totalAmount;
    any = true;
  }
  if (any) data.totals = totals;
  return data;
}

/** `partyOf`: the party of an N1 loop. */
function partyOf(party: OpenParty): Party {
  const code = party.code ?? 'unknown';
  const p: Party = { role: PARTY_ROLES[code] ?? code };
  if (party.name !== undefined) p.name = party.name;
  if (party.idQualifier !== undefined) p.idQualifier = party.idQualifier;
  if (party.id !== undefined) p.id = party.id;
  const address: NonNullable<Party['address']> = {};
  if (party.line1 !== undefined) address.line1 = party.line1;
  if (party.line2 !== undefined) address.line2 = party.line2;
  if (party.city !== undefined) address.city = party.city;
  if (party.state !== undefined) address.state = party.state;
  if (party.postalCode !== undefined) address.postalCode = party.postalCode;
  if (party.country !== undefined) address.country = party.country;
  const any =
    party.line1 !== undefined ||
    party.line2 !== undefined ||
    party.city !== undefined ||
    party.state !== undefined ||
    party.postalCode !== undefined ||
    party.country !== undefined;
  if (any) p.address = address;
  return p;
}

/** `descriptionOf`: the line's PID text, added last (as `compact` would place it). */
function describe(line: OrderLine, description: string | undefined): void {
  if (description !== undefined) line.description = description;
}

/** `itemIdsOf(seg, first)` over the cursor's current segment. */
function itemIds(c: Cursor, first: number): ItemIds | undefined {
  let ids: ItemIds | undefined;
  let other: Reference[] | undefined;
  for (let n = first; n + 1 < c.count; n += 2) {
    // The usual qualifiers (UP, VN, BP…) are looked up without making their string.
    const known = c.twoCharField(n);
    const value = c.el(n + 1);
    if (value === undefined) continue;
    if (known === 'upc' || known === 'vendor' || known === 'buyer') {
      ids ??= {};
      if (ids[known] === undefined) {
        ids[known] = value;
        continue;
      }
    }
    const qualifier = c.el(n);
    if (qualifier === undefined) continue;
    const field = known ?? ITEM_ID_FIELDS[qualifier];
    ids ??= {};
    // Named stores for the fields (the generic keyed store is the slow part here).
    switch (field) {
      case 'upc':
        if (ids.upc === undefined) ids.upc = value;
        else (other ??= []).push({ qualifier, value });
        continue;
      case 'vendor':
        if (ids.vendor === undefined) ids.vendor = value;
        else (other ??= []).push({ qualifier, value });
        continue;
      case 'buyer':
        if (ids.buyer === undefined) ids.buyer = value;
        else (other ??= []).push({ qualifier, value });
        continue;
    }
    if (field !== undefined && ids[field] === undefined) ids[field] = value;
    else (other ??= []).push({ qualifier, value });
  }
  if (other !== undefined) (ids as ItemIds).other = other;
  return ids;
}
