import type { SegmentDef } from '../../types';

/** REF Reference Identification (004010). */
export const REF: SegmentDef = {
  tag: 'REF',
  name: 'Reference Identification',
  elements: [
    { ref: '128', req: 'M' },
    { ref: '127', req: 'X' },
    { ref: '352', req: 'X' },
    { composite: 'C040', req: 'O' },
  ],
  rules: [{ kind: 'R', at: [2, 3] }],
};
