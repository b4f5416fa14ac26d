import type { SegmentDef } from '../../types';

/** INC Installment Information (004010).
 * Element list from memory (not confirmed against a published 004010 dictionary). */
export const INC: SegmentDef = {
  tag: 'INC',
  name: 'Installment Information',
  elements: [
    { ref: '336', req: 'M' },
    { composite: 'C001', req: 'M' },
    { ref: '380', req: 'M' },
    { ref: '782', req: 'X' },
    { ref: '332', req: 'X' },
  ],
  rules: [{ kind: 'R', at: [4, 5] }],
};
