import type { SegmentDef } from '../../types';

/** PID Product/Item Description (004010). */
export const PID: SegmentDef = {
  tag: 'PID',
  name: 'Product/Item Description',
  elements: [
    { ref: '349', req: 'M' },
    { ref: '750', req: 'O' },
    { ref: '559', req: 'X' },
    { ref: '751', req: 'X' },
    { ref: '352', req: 'X' },
    { ref: '752', req: 'O' },
    { ref: '822', req: 'O' },
    { ref: '1073', req: 'O' },
    { ref: '819', req: 'O' },
  ],
  rules: [
    { kind: 'C', at: [4, 3] },
    { kind: 'R', at: [4, 5] },
    { kind: 'C', at: [7, 3] },
    { kind: 'C', at: [8, 4] },
    { kind: 'C', at: [9, 5] },
  ],
};
