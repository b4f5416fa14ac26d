import type { SegmentDef } from '../../types';

/** TXI Tax Information (004010). */
export const TXI: SegmentDef = {
  tag: 'TXI',
  name: 'Tax Information',
  elements: [
    { ref: '963', req: 'M' },
    { ref: '782', req: 'X' },
    { ref: '954', req: 'X' },
    { ref: '955', req: 'X' },
    { ref: '956', req: 'X' },
    { ref: '441', req: 'X' },
    { ref: '662', req: 'O' },
    { ref: '828', req: 'O' },
    { ref: '325', req: 'O' },
    { ref: '350', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [2, 3, 6] },
    { kind: 'P', at: [4, 5] },
    { kind: 'C', at: [8, 3] },
  ],
};
