// X12 850 purchase order → `order.created` data.
import type {
  OrderCreated,
  OrderLine,
  Party,
  QualifiedDate,
  Reference,
} from '../../../canonical/types.generated';
import type { ParsedSet, X12Segment } from '../model';
import {
  buildFrom,
  compact,
  date,
  dateRefOf,
  descriptionOf,
  el,
  inN1Loop,
  integer,
  itemIdsOf,
  list,
  money,
  nonEmpty,
  partyOf,
  quantity,
  referenceOf,
  type SegmentSource,
  type SetDataBuilder,
  text,
} from './common';

/** The part of the 850 a segment belongs to: the areas that give REF, DTM, N1 their meaning. */
type Area = 'header' | 'party' | 'line' | 'summary';

/**
 * The 850 map as a state machine: fed one segment at a time, so the engine can map a set while
 * reading it (no segment list kept) and `mapOrder850` can run it over a parsed set. Header
 * REF/DTM/N1 go to `references`, `dates`, `parties`; REF/DTM/N1 inside a PO1 loop (line level)
 * are not part of the canonical order line and are skipped.
 */
export class Order850Builder implements SetDataBuilder<OrderCreated> {
  private beg: X12Segment | undefined;
  private currency: string | undefined;
  private readonly parties: Party[] = [];
  private readonly references: Reference[] = [];
  private readonly dates: QualifiedDate[] = [];
  private line: { po1: X12Segment; pids: X12Segment[] } | undefined;
  private readonly lineSegments: { po1: X12Segment; pids: X12Segment[] }[] = [];
  private n1Loop: X12Segment[] | undefined;
  private ctt: X12Segment | undefined;
  private totalAmount: string | undefined;
  private area: Area = 'header';

  private closeParty(): void {
    if (this.n1Loop) this.parties.push(partyOf(this.n1Loop[0], this.n1Loop.slice(1)));
    this.n1Loop = undefined;
  }

  segment(tag: string, source: SegmentSource): void {
    if (this.area === 'party' && !inN1Loop(tag)) {
      this.closeParty();
      this.area = 'header';
    }
    switch (tag) {
      case 'BEG':
        this.beg = source.segment();
        break;
      case 'CUR':
        // CUR02 is the currency of the order; a line-level CUR (PO1 loop) is not canonical.
        if (this.area === 'header') this.currency ??= el(source.segment(), 2);
        break;
      case 'REF':
        if (this.area === 'header') push(this.references, referenceOf(source.segment()));
        break;
      case 'DTM':
        if (this.area === 'header') push(this.dates, dateRefOf(source.segment()));
        break;
      case 'N1':
        if (this.area === 'header' || this.area === 'party') {
          this.n1Loop = [source.segment()];
          this.area = 'party';
          return;
        }
        break;
      case 'PO1':
        this.line = { po1: source.segment(), pids: [] };
        this.lineSegments.push(this.line);
        this.area = 'line';
        break;
      case 'PID':
        if (this.area === 'line' && this.line) this.line.pids.push(source.segment());
        break;
      case 'CTT':
        this.ctt = source.segment();
        this.area = 'summary';
        break;
      case 'AMT':
        // AMT*TT after CTT (CTT loop): total transaction amount, an R element.
        if (this.area === 'summary') {
          const seg = source.segment();
          if (el(seg, 1) === 'TT') this.totalAmount = money(seg, 2);
        }
        break;
    }
    // Of the rest of an N1 loop, the party reads only N3 and N4 (partyOf).
    if (this.area === 'party' && (tag === 'N3' || tag === 'N4')) this.n1Loop?.push(source.segment());
  }

  finish(): OrderCreated {
    this.closeParty();
    const lines: OrderLine[] = [];
    for (const { po1, pids } of this.lineSegments) {
      // PO101 line id, PO102 quantity (R), PO103 unit, PO104 unit price (R), PO106… id pairs.
      lines.push(
        compact({
          lineNumber: el(po1, 1),
          quantity: quantity(po1, 2) as number,
          unitOfMeasure: el(po1, 3),
          unitPrice: money(po1, 4),
          itemIds: itemIdsOf(po1, 6),
          description: descriptionOf(pids),
        }),
      );
    }
    const beg = this.beg;
    const ctt = this.ctt;
    return compact({
      // BEG03 PO number, BEG01 purpose, BEG02 type, BEG04 release, BEG05 date (all but BEG04 mandatory).
      purchaseOrderNumber: el(beg, 3) as string,
      purpose: el(beg, 1),
      orderType: el(beg, 2),
      releaseNumber: text(beg, 4),
      orderDate: date(beg, 5) as string,
      currency: this.currency,
      parties: list(this.parties),
      references: list(this.references),
      dates: list(this.dates),
      lines,
      // CTT01 number of line items, CTT02 hash total of quantities.
      totals: nonEmpty({
        lineCount: integer(ctt, 1),
        quantity: quantity(ctt, 2),
        amount: this.totalAmount,
      }),
    });
  }
}

/** Map an 850 (see `Order850Builder`). */
export function mapOrder850(set: ParsedSet): OrderCreated {
  return buildFrom(new Order850Builder(), set.segments);
}

function push<T>(to: T[], item: T | undefined): void {
  if (item !== undefined) to.push(item);
}
