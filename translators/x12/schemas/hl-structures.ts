// BSN05 Hierarchical Structure Code (data element 1005) → the HL03 level codes (element 735) from the top
// of the hierarchy down: S shipment, O order, T shipping tare, P pack, I item. Used by the 856 HL nesting
// check. Only the codes whose level order is printed in the 1005 code names are listed; for any other
// 1005 code the nesting check has no expected order.

/** BSN05 code → ordered HL03 levels (parent first). */
export const hlStructures: Readonly<Record<string, readonly string[]>> = {
  // 0001 Shipment, Order, Packaging, Item
  '0001': ['S', 'O', 'P', 'I'],
  // 0002 Shipment, Order, Item, Packaging
  '0002': ['S', 'O', 'I', 'P'],
  // 0003 Shipment, Packaging, Order, Item
  '0003': ['S', 'P', 'O', 'I'],
  // 0004 Shipment, Order, Item
  '0004': ['S', 'O', 'I'],
};
