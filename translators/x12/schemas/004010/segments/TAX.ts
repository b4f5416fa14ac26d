import type { SegmentDef } from '../../types';

/** TAX Tax Reference (004010).
 * TAX13 element number (1325) not confirmed. */
export const TAX: SegmentDef = {
  tag: 'TAX',
  name: 'Tax Reference',
  elements: [
    { ref: '325', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '441', req: 'O' },
    { ref: '1325', req: 'O' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
  ],
  rules: [
    { kind: 'R', at: [1, 3] },
    { kind: 'P', at: [2, 3] },
    { kind: 'P', at: [4, 5] },
    { kind: 'P', at: [6, 7] },
    { kind: 'P', at: [8, 9] },
    { kind: 'P', at: [10, 11] },
    { kind: 'P', at: [14, 15] },
  ],
};
