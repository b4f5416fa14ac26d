import type { SegmentDef } from '../../types';

/** TD1 Carrier Details (Quantity and Weight) (004010). */
export const TD1: SegmentDef = {
  tag: 'TD1',
  name: 'Carrier Details (Quantity and Weight)',
  elements: [
    { ref: '103', req: 'O' },
    { ref: '80', req: 'X' },
    { ref: '23', req: 'X' },
    { ref: '22', req: 'X' },
    { ref: '79', req: 'O' },
    { ref: '187', req: 'X' },
    { ref: '81', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '183', req: 'X' },
    { ref: '355', req: 'X' },
  ],
  rules: [
    { kind: 'C', at: [1, 2] },
    { kind: 'C', at: [3, 4] },
    { kind: 'C', at: [6, 7] },
    { kind: 'P', at: [7, 8] },
    { kind: 'P', at: [9, 10] },
  ],
};
