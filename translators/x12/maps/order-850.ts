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
  text,
} from './common';

/** The part of the 850 a segment belongs to: the areas that give REF, DTM, N1 their meaning. */
type Area = 'header' | 'party' | 'line' | 'summary';

/**
 * Map an 850. Header REF/DTM/N1 go to `references`, `dates`, `parties`; REF/DTM/N1 inside a
 * PO1 loop (line level) are not part of the canonical order line and are skipped.
 */
export function mapOrder850(set: ParsedSet): OrderCreated {
  let beg: X12Segment | undefined;
  let currency: string | undefined;
  const parties: Party[] = [];
  const references: Reference[] = [];
  const dates: QualifiedDate[] = [];
  const lines: OrderLine[] = [];
  let line: { po1: X12Segment; pids: X12Segment[] } | undefined;
  const lineSegments: { po1: X12Segment; pids: X12Segment[] }[] = [];
  let n1Loop: X12Segment[] | undefined;
  let ctt: X12Segment | undefined;
  let totalAmount: string | undefined;
  let area: Area = 'header';

  const closeParty = (): void => {
    if (n1Loop) parties.push(partyOf(n1Loop[0], n1Loop.slice(1)));
    n1Loop = undefined;
  };

  for (const seg of set.segments) {
    if (area === 'party' && !inN1Loop(seg.tag)) {
      closeParty();
      area = 'header';
    }
    switch (seg.tag) {
      case 'BEG':
        beg = seg;
        break;
      case 'CUR':
        // CUR02 is the currency of the order; a line-level CUR (PO1 loop) is not canonical.
        if (area === 'header') currency ??= el(seg, 2);
        break;
      case 'REF':
        if (area === 'header') push(references, referenceOf(seg));
        break;
      case 'DTM':
        if (area === 'header') push(dates, dateRefOf(seg));
        break;
      case 'N1':
        if (area === 'header' || area === 'party') {
          n1Loop = [seg];
          area = 'party';
          continue;
        }
        break;
      case 'PO1':
        line = { po1: seg, pids: [] };
        lineSegments.push(line);
        area = 'line';
        break;
      case 'PID':
        if (area === 'line' && line) line.pids.push(seg);
        break;
      case 'CTT':
        ctt = seg;
        area = 'summary';
        break;
      case 'AMT':
        // AMT*TT after CTT (CTT loop): total transaction amount, an R element.
        if (area === 'summary' && el(seg, 1) === 'TT') totalAmount = money(seg, 2);
        break;
    }
    if (area === 'party') n1Loop?.push(seg);
  }
  closeParty();

  for (const { po1, pids } of lineSegments) {
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

  return compact({
    // BEG03 PO number, BEG01 purpose, BEG02 type, BEG04 release, BEG05 date (all but BEG04 mandatory).
    purchaseOrderNumber: el(beg, 3) as string,
    purpose: el(beg, 1),
    orderType: el(beg, 2),
    releaseNumber: text(beg, 4),
    orderDate: date(beg, 5) as string,
    currency,
    parties: list(parties),
    references: list(references),
    dates: list(dates),
    lines,
    // CTT01 number of line items, CTT02 hash total of quantities.
    totals: nonEmpty({ lineCount: integer(ctt, 1), quantity: quantity(ctt, 2), amount: totalAmount }),
  });
}

function push<T>(to: T[], item: T | undefined): void {
  if (item !== undefined) to.push(item);
}
