import type { SegmentDef } from '../../types';

/** GF Furnished Goods and Services (004010). */
export const GF: SegmentDef = {
  tag: 'GF',
  name: 'Furnished Goods and Services',
  elements: [
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
    { ref: '367', req: 'O' },
    { ref: '782', req: 'O' },
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
    { ref: '328', req: 'O' },
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
  ],
  rules: [
    { kind: 'P', at: [1, 2] },
    { kind: 'P', at: [5, 6] },
    { kind: 'P', at: [8, 9] },
  ],
};
