import type { SegmentDef } from '../../types';

/** YNQ Yes/No Question (004010). */
export const YNQ: SegmentDef = {
  tag: 'YNQ',
  name: 'Yes/No Question',
  elements: [
    { ref: '1321', req: 'X' },
    { ref: '1073', req: 'M' },
    { ref: '1250', req: 'X' },
    { ref: '1251', req: 'X' },
    { ref: '933', req: 'O' },
    { ref: '933', req: 'O' },
    { ref: '933', req: 'O' },
    { ref: '1270', req: 'X' },
    { ref: '1271', req: 'X' },
    { ref: '1136', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [8, 9] },
    { kind: 'C', at: [9, 8] },
  ],
};
