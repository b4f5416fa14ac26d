import type { SegmentDef } from '../../types';

/** CTT Transaction Totals (004010). */
export const CTT: SegmentDef = {
  tag: 'CTT',
  name: 'Transaction Totals',
  elements: [
    { ref: '354', req: 'M' },
    { ref: '347', req: 'O' },
    { ref: '81', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '183', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '352', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [5, 6] },
  ],
};
