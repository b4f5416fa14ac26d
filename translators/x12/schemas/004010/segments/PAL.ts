import type { SegmentDef } from '../../types';

/** PAL Pallet Information (004010). */
export const PAL: SegmentDef = {
  tag: 'PAL',
  name: 'Pallet Information',
  elements: [
    { ref: '883', req: 'O' },
    { ref: '884', req: 'O' },
    { ref: '885', req: 'O' },
    { ref: '356', req: 'O' },
    { ref: '395', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '82', req: 'X' },
    { ref: '189', req: 'X' },
    { ref: '65', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '384', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '385', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '399', req: 'O' },
    { ref: '810', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [5, 6] },
    { kind: 'C', at: [7, 10] },
    { kind: 'C', at: [8, 10] },
    { kind: 'C', at: [9, 10] },
    { kind: 'L', at: [10, 7, 8, 9] },
    { kind: 'P', at: [11, 12] },
    { kind: 'P', at: [13, 14] },
  ],
};
