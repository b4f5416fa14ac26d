import type { SegmentDef } from '../../types';

/** N9 Reference Identification (004010). */
export const N9: SegmentDef = {
  tag: 'N9',
  name: 'Reference Identification',
  elements: [
    { ref: '128', req: 'M' },
    { ref: '127', req: 'X' },
    { ref: '369', req: 'X' },
    { ref: '373', req: 'O' },
    { ref: '337', req: 'O' },
    { ref: '623', req: 'O' },
    { composite: 'C040', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [2, 3] },
    { kind: 'C', at: [6, 5] },
  ],
};
