import type { SegmentDef } from '../../types';

/** CTP Pricing Information (004010). */
export const CTP: SegmentDef = {
  tag: 'CTP',
  name: 'Pricing Information',
  elements: [
    { ref: '687', req: 'O' },
    { ref: '236', req: 'X' },
    { ref: '212', req: 'X' },
    { ref: '380', req: 'X' },
    { composite: 'C001', req: 'X' },
    { ref: '648', req: 'O' },
    { ref: '649', req: 'X' },
    { ref: '782', req: 'O' },
    { ref: '639', req: 'O' },
    { ref: '499', req: 'O' },
    { ref: '289', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [4, 5] },
    { kind: 'C', at: [6, 7] },
    { kind: 'C', at: [9, 2] },
    { kind: 'C', at: [10, 2] },
    { kind: 'C', at: [11, 3] },
  ],
};
