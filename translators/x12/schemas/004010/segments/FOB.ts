import type { SegmentDef } from '../../types';

/** FOB F.O.B. Related Instructions (004010). */
export const FOB: SegmentDef = {
  tag: 'FOB',
  name: 'F.O.B. Related Instructions',
  elements: [
    { ref: '146', req: 'M' },
    { ref: '309', req: 'X' },
    { ref: '352', req: 'X' },
    { ref: '334', req: 'O' },
    { ref: '335', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '352', req: 'X' },
    { ref: '54', req: 'O' },
    { ref: '352', req: 'X' },
  ],
  rules: [
    { kind: 'C', at: [3, 2] },
    { kind: 'C', at: [4, 5] },
    { kind: 'C', at: [7, 6] },
    { kind: 'C', at: [8, 9] },
  ],
};
