import type { SegmentDef } from '../../types';

/** TD5 Carrier Details (Routing Sequence/Transit Time) (004010). */
export const TD5: SegmentDef = {
  tag: 'TD5',
  name: 'Carrier Details (Routing Sequence/Transit Time)',
  elements: [
    { ref: '133', req: 'O' },
    { ref: '66', req: 'X' },
    { ref: '67', req: 'X' },
    { ref: '91', req: 'X' },
    { ref: '387', req: 'X' },
    { ref: '368', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '731', req: 'X' },
    { ref: '732', req: 'X' },
    { ref: '733', req: 'X' },
    { ref: '284', req: 'X' },
    { ref: '284', req: 'X' },
    { ref: '284', req: 'X' },
    { ref: '26', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [2, 4, 5, 6, 12] },
    { kind: 'C', at: [2, 3] },
    { kind: 'C', at: [7, 8] },
    { kind: 'C', at: [10, 11] },
    { kind: 'C', at: [13, 12] },
    { kind: 'C', at: [14, 13] },
    { kind: 'C', at: [15, 12] },
  ],
};
