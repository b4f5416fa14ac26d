import type { SegmentDef } from '../../types';

/** QTY Quantity (004010). */
export const QTY: SegmentDef = {
  tag: 'QTY',
  name: 'Quantity',
  elements: [
    { ref: '673', req: 'M' },
    { ref: '380', req: 'X' },
    { composite: 'C001', req: 'O' },
    { ref: '61', req: 'X' },
  ],
  rules: [
    { kind: 'R', at: [2, 4] },
    { kind: 'E', at: [2, 4] },
  ],
};
