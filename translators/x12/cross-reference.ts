// A partner profile's cross-reference tables applied to the events of its X12 sets: the partner's
// item numbers (table `sku`), units of measure (`uom`) and location ids (`location`) become ours.
// CSV/XML mappings name their tables themselves; X12 maps are fixed, so these three apply by name.

/** Tables by name, each partner code → our code. */
export type CrossReference = Readonly<Record<string, Readonly<Record<string, string>>>>;

type Node = Record<string, unknown>;

const ITEM_ID_FIELDS = ['sku', 'buyer', 'vendor', 'upc', 'gtin'] as const;

/** Whether `tables` has anything X12 events use. */
export function appliesToX12(tables: CrossReference | undefined): tables is CrossReference {
  return tables !== undefined && ['sku', 'uom', 'location'].some((t) => Object.hasOwn(tables, t));
}

/**
 * Rewrites `data` in place: `itemIds.sku` becomes our SKU for the first of the line's item ids
 * (sku, buyer, vendor, upc, gtin) the `sku` table knows (the partner's ids stay as sent); a
 * `unitOfMeasure` the `uom` table knows, and a party `id` the `location` table knows, are replaced.
 */
export function applyCrossReference(data: unknown, tables: CrossReference): void {
  const sku = tables.sku;
  const uom = tables.uom;
  const location = tables.location;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Node;
    for (const key of Object.keys(o)) {
      const value = o[key];
      if (key === 'itemIds' && sku && typeof value === 'object' && value !== null) {
        const ids = value as Node;
        for (const field of ITEM_ID_FIELDS) {
          const code = ids[field];
          if (typeof code === 'string' && Object.hasOwn(sku, code)) {
            ids.sku = sku[code];
            break;
          }
        }
      } else if (key === 'unitOfMeasure' && uom && typeof value === 'string' && Object.hasOwn(uom, value)) {
        o[key] = uom[value];
      } else if (key === 'parties' && location && Array.isArray(value)) {
        for (const party of value as Node[]) {
          const id = party?.id;
          if (typeof id === 'string' && Object.hasOwn(location, id)) party.id = location[id];
        }
      } else {
        visit(value);
      }
    }
  };
  visit(data);
}
