import type { SegmentDef } from '../../types';

/** MEA Measurements (004010). */
export const MEA: SegmentDef = {
  tag: 'MEA',
  name: 'Measurements',
  elements: [
    { ref: '737', req: 'O' },
    { ref: '738', req: 'O' },
    { ref: '739', req: 'X' },
    { composite: 'C001', req: 'X' },
    { ref: '740', req: 'X' },
    { ref: '741', req: 'X' },
    { ref: '935', req: 'X' },
    { ref: '936', req: 'X' },
    { ref: '752', req: 'X' },
    { ref: '1373', req: 'O' },
    { ref: '1270', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [3, 5, 6, 8] },
    { kind: 'C', at: [5, 4] },
    { kind: 'C', at: [6, 4] },
    { kind: 'L', at: [7, 3, 5, 6] },
    { kind: 'E', at: [8, 3] },
  ],
};
