import type { SegmentDef } from '../../types';

/** PER Administrative Communications Contact (004010). */
export const PER: SegmentDef = {
  tag: 'PER',
  name: 'Administrative Communications Contact',
  elements: [
    { ref: '366', req: 'M' },
    { ref: '93', req: 'O' },
    { ref: '365', req: 'X' },
    { ref: '364', req: 'X' },
    { ref: '365', req: 'X' },
    { ref: '364', req: 'X' },
    { ref: '365', req: 'X' },
    { ref: '364', req: 'X' },
    { ref: '443', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [5, 6] },
    { kind: 'P', at: [7, 8] },
  ],
};
