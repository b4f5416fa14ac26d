import type { SegmentDef } from '../../types';

/** CAD Carrier Detail (004010). */
export const CAD: SegmentDef = {
  tag: 'CAD',
  name: 'Carrier Detail',
  elements: [
    { ref: '91', req: 'O' },
    { ref: '206', req: 'O' },
    { ref: '207', req: 'O' },
    { ref: '140', req: 'X' },
    { ref: '387', req: 'X' },
    { ref: '368', req: 'O' },
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
    { ref: '284', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [4, 5] },
    { kind: 'P', at: [7, 8] },
  ],
};
