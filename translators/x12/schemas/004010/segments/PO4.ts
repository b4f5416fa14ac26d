import type { SegmentDef } from '../../types';

/** PO4 Item Physical Details (004010). */
export const PO4: SegmentDef = {
  tag: 'PO4',
  name: 'Item Physical Details',
  elements: [
    { ref: '356', req: 'O' },
    { ref: '357', req: 'O' },
    { ref: '355', req: 'X' },
    { ref: '103', req: 'O' },
    { ref: '187', req: 'X' },
    { ref: '384', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '385', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '82', req: 'X' },
    { ref: '189', req: 'X' },
    { ref: '65', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '810', req: 'O' },
    { ref: '752', req: 'O' },
    { ref: '350', req: 'O' },
    { ref: '350', req: 'O' },
    { ref: '1470', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [2, 3] },
    { kind: 'C', at: [5, 6] },
    { kind: 'P', at: [6, 7] },
    { kind: 'P', at: [8, 9] },
    { kind: 'C', at: [10, 13] },
    { kind: 'C', at: [11, 13] },
    { kind: 'C', at: [12, 13] },
    { kind: 'L', at: [13, 10, 11, 12] },
    { kind: 'C', at: [17, 16] },
    { kind: 'C', at: [18, 4] },
  ],
};
