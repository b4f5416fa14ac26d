// X12 810 invoice → `invoice.received` data.
import type {
  AllowanceCharge,
  InvoiceLine,
  InvoiceReceived,
  Party,
  PaymentTerms,
  QualifiedDate,
  Reference,
} from '../../../canonical/types.generated';
import type { ParsedSet, X12Segment } from '../model';
import {
  compact,
  date,
  dateRefOf,
  decimal,
  descriptionOf,
  el,
  impliedMoney,
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

type Area = 'header' | 'party' | 'line' | 'summary';

/** SAC01 allowance/charge indicator: A allowance, C charge; N (no allowance or charge) maps to nothing. */
function allowanceChargeOf(sac: X12Segment): AllowanceCharge | undefined {
  const indicator = el(sac, 1);
  if (indicator !== 'A' && indicator !== 'C') return undefined;
  return compact({
    kind: indicator === 'A' ? ('allowance' as const) : ('charge' as const),
    code: el(sac, 2),
    // SAC05 is N2: two implied decimals.
    amount: impliedMoney(sac, 5),
    description: text(sac, 15),
  });
}

/**
 * ITD terms: ITD01 type, ITD03 discount percent (R, kept exact), ITD04 discount due date,
 * ITD05 discount days, ITD06 net due date, ITD07 net days, ITD08 discount amount (N2),
 * ITD12 description. Only the first ITD is mapped (the canonical invoice has one `terms`).
 */
function termsOf(itd: X12Segment | undefined): PaymentTerms | undefined {
  if (!itd) return undefined;
  return nonEmpty({
    type: el(itd, 1),
    discountPercent: decimal(itd, 3, 0),
    discountDueDate: date(itd, 4),
    discountDays: integer(itd, 5),
    netDueDate: date(itd, 6),
    netDays: integer(itd, 7),
    discountAmount: impliedMoney(itd, 8),
    description: text(itd, 12),
  });
}

/**
 * Map an 810. SAC in an IT1 loop is a line allowance/charge; SAC before IT1 or in the summary
 * (after TDS) is the invoice's. TDS01 is the total invoice amount.
 */
export function mapInvoice810(set: ParsedSet): InvoiceReceived {
  let big: X12Segment | undefined;
  let tds: X12Segment | undefined;
  let itd: X12Segment | undefined;
  let currency: string | undefined;
  const parties: Party[] = [];
  const references: Reference[] = [];
  const dates: QualifiedDate[] = [];
  const allowancesCharges: AllowanceCharge[] = [];
  const lines: { it1: X12Segment; pids: X12Segment[]; sacs: AllowanceCharge[] }[] = [];
  let n1Loop: X12Segment[] | undefined;
  let area: Area = 'header';

  for (const seg of set.segments) {
    if (area === 'party' && !inN1Loop(seg.tag)) {
      if (n1Loop) parties.push(partyOf(n1Loop[0], n1Loop.slice(1)));
      n1Loop = undefined;
      area = 'header';
    }
    const line = lines[lines.length - 1];
    switch (seg.tag) {
      case 'BIG':
        big = seg;
        continue;
      case 'CUR':
        if (area === 'header') currency ??= el(seg, 2);
        continue;
      case 'REF':
        if (area === 'header') push(references, referenceOf(seg));
        break;
      case 'DTM':
        if (area === 'header') push(dates, dateRefOf(seg));
        break;
      case 'N1':
        if (area === 'header' || area === 'party') {
          if (n1Loop) parties.push(partyOf(n1Loop[0], n1Loop.slice(1)));
          n1Loop = [];
          area = 'party';
        }
        break;
      case 'ITD':
        if (area === 'header') itd ??= seg;
        continue;
      case 'IT1':
        lines.push({ it1: seg, pids: [], sacs: [] });
        area = 'line';
        continue;
      case 'PID':
        if (area === 'line') line?.pids.push(seg);
        continue;
      case 'SAC':
        push(area === 'line' ? (line?.sacs ?? allowancesCharges) : allowancesCharges, allowanceChargeOf(seg));
        continue;
      case 'TDS':
        tds = seg;
        area = 'summary';
        continue;
    }
    if (area === 'party') n1Loop?.push(seg);
  }
  if (n1Loop) parties.push(partyOf(n1Loop[0], n1Loop.slice(1)));

  return compact({
    // BIG01 invoice date, BIG02 invoice number, BIG03 PO date, BIG04 PO number.
    invoiceNumber: el(big, 2) as string,
    invoiceDate: date(big, 1) as string,
    purchaseOrderNumber: el(big, 4),
    purchaseOrderDate: date(big, 3),
    currency,
    parties: list(parties),
    references: list(references),
    dates: list(dates),
    terms: termsOf(itd),
    lines: list(
      lines.map(({ it1, pids, sacs }): InvoiceLine =>
        // IT101 line id, IT102 quantity (R), IT103 unit, IT104 unit price (R), IT106… id pairs.
        compact({
          lineNumber: el(it1, 1),
          quantity: quantity(it1, 2) as number,
          unitOfMeasure: el(it1, 3),
          unitPrice: money(it1, 4),
          itemIds: itemIdsOf(it1, 6),
          description: descriptionOf(pids),
          allowancesCharges: list(sacs),
        }),
      ),
    ),
    allowancesCharges: list(allowancesCharges),
    // TDS01 is N2: two implied decimals (TDS*96000 is 960.00).
    totalAmount: impliedMoney(tds, 1) as string,
  });
}

function push<T>(to: T[], item: T | undefined): void {
  if (item !== undefined) to.push(item);
}
