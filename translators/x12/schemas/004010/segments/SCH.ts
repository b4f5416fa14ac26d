import type { SegmentDef } from '../../types';

/** SCH Line Item Schedule (004010). */
export const SCH: SegmentDef = {
  tag: 'SCH',
  name: 'Line Item Schedule',
  elements: [
    { ref: '380', req: 'M' },
    { ref: '355', req: 'M' },
    { ref: '98', req: 'X' },
    { ref: '93', req: 'X' },
    { ref: '374', req: 'M' },
    { ref: '373', req: 'M' },
    { ref: '337', req: 'X' },
    { ref: '374', req: 'X' },
    { ref: '373', req: 'X' },
    { ref: '337', req: 'X' },
    { ref: '326', req: 'O' },
    { ref: '350', req: 'O' },
  ],
  rules: [
    { kind: 'C', at: [3, 4] },
    { kind: 'L', at: [8, 9, 10] },
    { kind: 'C', at: [9, 8] },
    { kind: 'C', at: [10, 9] },
  ],
};
