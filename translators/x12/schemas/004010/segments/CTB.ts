import type { SegmentDef } from '../../types';

/** CTB Restrictions/Conditions (004010).
 * Element list from memory (not confirmed against a published 004010 dictionary). */
export const CTB: SegmentDef = {
  tag: 'CTB',
  name: 'Restrictions/Conditions',
  elements: [
    { ref: '688', req: 'M' },
    { ref: '352', req: 'X' },
    { ref: '673', req: 'X' },
    { ref: '380', req: 'X' },
    { ref: '522', req: 'X' },
    { ref: '610', req: 'X' },
  ],
  rules: [
    { kind: 'R', at: [2, 4] },
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [5, 6] },
  ],
};
