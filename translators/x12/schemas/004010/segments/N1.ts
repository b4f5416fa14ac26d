import type { SegmentDef } from '../../types';

/** N1 Name (004010). */
export const N1: SegmentDef = {
  tag: 'N1',
  name: 'Name',
  elements: [
    { ref: '98', req: 'M' },
    { ref: '93', req: 'X' },
    { ref: '66', req: 'X' },
    { ref: '67', req: 'X' },
    { ref: '706', req: 'O' },
    { ref: '98', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [2, 3] },
    { kind: 'P', at: [3, 4] },
  ],
};
