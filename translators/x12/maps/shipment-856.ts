// X12 856 ship notice → `shipment.confirmed` data, by walking the HL tree.
import type {
  Carrier,
  Party,
  QualifiedDate,
  Reference,
  ShipmentConfirmed,
  ShipmentLine,
  ShipmentOrder,
  ShipmentPackage,
} from '../../../canonical/types.generated';
import type { ParsedSet, X12Segment } from '../model';
import {
  compact,
  date,
  dateRefOf,
  descriptionOf,
  el,
  groupsStartingWith,
  inN1Loop,
  itemIdsOf,
  list,
  nonEmpty,
  partyOf,
  quantity,
  referenceOf,
  text,
  time,
} from './common';

/** One HL level: HL01 id, HL02 parent id, HL03 level code, and the segments up to the next HL. */
interface HlNode {
  id: string;
  parent?: HlNode;
  level: string;
  segments: X12Segment[];
}

// HL03 level codes (element 735): S shipment, O order, T tare (pallet), P pack, I item.
const PACKAGE_LEVELS = new Set(['T', 'P']);

function buildTree(groups: readonly X12Segment[][]): HlNode[] {
  const byId = new Map<string, HlNode>();
  const nodes: HlNode[] = [];
  for (const [hl, ...segments] of groups) {
    const id = el(hl, 1) ?? String(nodes.length + 1);
    const parentId = el(hl, 2);
    const node: HlNode = {
      id,
      parent: parentId ? byId.get(parentId) : undefined,
      level: el(hl, 3) ?? '',
      segments,
    };
    byId.set(id, node);
    nodes.push(node);
  }
  return nodes;
}

function ancestor(node: HlNode, match: (n: HlNode) => boolean): HlNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (match(n)) return n;
  return undefined;
}

function find(node: HlNode, tag: string, qualifier?: string): X12Segment | undefined {
  return node.segments.find((s) => s.tag === tag && (qualifier === undefined || el(s, 1) === qualifier));
}

/** MAN qualifier/value pairs: MAN01/MAN02 and MAN04/MAN05 (GM = SSCC-18, CP = carrier package id). */
function marks(node: HlNode, qualifier: string): string | undefined {
  for (const man of node.segments.filter((s) => s.tag === 'MAN')) {
    if (el(man, 1) === qualifier && el(man, 2)) return el(man, 2);
    if (el(man, 4) === qualifier && el(man, 5)) return el(man, 5);
  }
  return undefined;
}

/** Tracking number of a package: REF*CN (carrier's reference) or MAN*CP. */
function trackingOf(node: HlNode): string | undefined {
  return el(find(node, 'REF', 'CN'), 2) ?? marks(node, 'CP');
}

/** Parties of the N1 loops among `segments`. */
function partiesOf(segments: readonly X12Segment[]): Party[] {
  const parties: Party[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].tag !== 'N1') continue;
    let j = i + 1;
    while (j < segments.length && inN1Loop(segments[j].tag)) j++;
    parties.push(partyOf(segments[i], segments.slice(i + 1, j)));
    i = j - 1;
  }
  return parties;
}

/** Segments of a level that are not inside one of its N1 loops (so an N1's REF is not the shipment's). */
function outsideN1(segments: readonly X12Segment[]): X12Segment[] {
  const out: X12Segment[] = [];
  let inLoop = false;
  for (const s of segments) {
    if (s.tag === 'N1') inLoop = true;
    else if (inLoop && !inN1Loop(s.tag)) inLoop = false;
    if (!inLoop) out.push(s);
  }
  return out;
}

function lineOf(item: HlNode): ShipmentLine {
  // SN1 at item level is the shipped quantity: SN102 quantity, SN103 unit; counted here only.
  const lin = find(item, 'LIN');
  const sn1 = find(item, 'SN1');
  return compact({
    lineNumber: el(lin, 1) ?? el(sn1, 1),
    itemIds: lin ? itemIdsOf(lin, 2) : undefined,
    quantityShipped: quantity(sn1, 2) as number,
    description: descriptionOf(item.segments.filter((s) => s.tag === 'PID')),
    unitOfMeasure: el(sn1, 3),
  });
}

/**
 * Map an 856. Shipment facts come from the header (BSN, DTM) and the S level (TD1, TD5, REF,
 * DTM, N1). Each item (HL03 = I) is counted once: in the lines of its nearest tare/pack
 * ancestor when it has one, else in the lines of its nearest order (HL03 = O, PO from PRF01).
 * Items with no order ancestor go to an order without a PO number. Packs on a tare carry the
 * tare's SSCC as `parentSscc`.
 */
export function mapShipment856(set: ParsedSet): ShipmentConfirmed {
  const [header, ...hlGroups] = splitHeader(set.segments);
  const nodes = buildTree(hlGroups);
  const shipment = nodes.find((n) => n.level === 'S');
  const shipmentSegments = outsideN1([...header, ...(shipment?.segments ?? [])]);
  const bsn = header.find((s) => s.tag === 'BSN');

  const orders = new Map<HlNode | undefined, ShipmentOrder>();
  // Keyed by order too: a pack above the O level (S-P-O-I) appears under each order it holds.
  const packages = new Map<ShipmentOrder, Map<HlNode, ShipmentPackage>>();
  const orderOf = (node: HlNode | undefined): ShipmentOrder => {
    let order = orders.get(node);
    if (!order) {
      // PRF01 is the purchase order number of the O level.
      order = compact({
        purchaseOrderNumber: node ? el(find(node, 'PRF'), 1) : undefined,
        packages: [],
        lines: [],
      });
      orders.set(node, order);
    }
    return order;
  };
  const packageOf = (node: HlNode, order: ShipmentOrder): ShipmentPackage => {
    let inOrder = packages.get(order);
    if (!inOrder) packages.set(order, (inOrder = new Map()));
    let pkg = inOrder.get(node);
    if (!pkg) {
      const tare = node.level === 'P' ? ancestor(node, (n) => n.level === 'T') : undefined;
      pkg = compact({
        kind: node.level === 'T' ? ('tare' as const) : ('pack' as const),
        sscc: marks(node, 'GM'),
        parentSscc: tare ? marks(tare, 'GM') : undefined,
        trackingNumber: trackingOf(node),
        lines: [],
      });
      inOrder.set(node, pkg);
      order.packages.push(pkg);
    }
    return pkg;
  };
  const isOrder = (n: HlNode): boolean => n.level === 'O';
  const isPackage = (n: HlNode): boolean => PACKAGE_LEVELS.has(n.level);

  for (const node of nodes) {
    if (isOrder(node)) orderOf(node);
    else if (isPackage(node)) {
      // A package under an order is listed there even when empty (a tare holding packs).
      const order = ancestor(node, isOrder);
      if (order) packageOf(node, orderOf(order));
    } else if (node.level === 'I') {
      const order = orderOf(ancestor(node, isOrder));
      const pkg = ancestor(node, isPackage);
      (pkg ? packageOf(pkg, order) : order).lines.push(lineOf(node));
    }
  }

  // DTM*011 (shipped) is when the goods left; BSN03/BSN04 (the notice's date/time) stand in without it.
  const shipped = shipmentSegments.find((s) => s.tag === 'DTM' && el(s, 1) === '011');
  const shipDate = shipped ? date(shipped, 2) : date(bsn, 3);
  const shipTime = shipped ? time(shipped, 3) : time(bsn, 4);

  const refs = shipmentSegments.filter((s) => s.tag === 'REF');
  const td1 = shipmentSegments.find((s) => s.tag === 'TD1' && el(s, 7) !== undefined);
  const td5 = shipmentSegments.find(
    (s) => s.tag === 'TD5' && (el(s, 3) ?? el(s, 4) ?? el(s, 5)) !== undefined,
  );
  const carrier: Carrier | undefined = nonEmpty({
    // TD502 = 2 says TD503 is a SCAC; other id qualifiers are not carrier codes.
    scac: el(td5, 2) === '2' ? el(td5, 3) : undefined,
    mode: el(td5, 4),
    name: text(td5, 5),
    trackingNumber: el(
      refs.find((r) => el(r, 1) === 'CN'),
      2,
    ),
  });

  return compact({
    // BSN02 shipment id, BSN01 purpose.
    shipmentId: el(bsn, 2) as string,
    purpose: el(bsn, 1),
    shipDate: shipDate as string,
    shipTime,
    carrier,
    billOfLading: el(
      refs.find((r) => el(r, 1) === 'BM'),
      2,
    ),
    // TD107 weight (R), TD108 unit; TD106 (weight qualifier) is not canonical.
    weight: td1 ? compact({ value: quantity(td1, 7) as number, unit: el(td1, 8) }) : undefined,
    parties: list(partiesOf([...header, ...(shipment?.segments ?? [])])),
    dates: list(
      shipmentSegments
        .filter((s) => s.tag === 'DTM')
        .map(dateRefOf)
        .filter((d): d is QualifiedDate => d !== undefined),
    ),
    references: list(
      refs
        .filter((r) => el(r, 1) !== 'BM' && el(r, 1) !== 'CN')
        .map(referenceOf)
        .filter((r): r is Reference => r !== undefined),
    ),
    orders: [...orders.values()],
  });
}

/** The segments before the first HL, then one group per HL. */
function splitHeader(segments: readonly X12Segment[]): [X12Segment[], ...X12Segment[][]] {
  const first = segments.findIndex((s) => s.tag === 'HL');
  const header = first < 0 ? [...segments] : segments.slice(0, first);
  return [header, ...groupsStartingWith(first < 0 ? [] : segments.slice(first), 'HL')];
}
