import type { SegmentDef } from '../../types';

/** ETD Excess Transportation Detail (004010).
 * ETD05 (returnable container freight payment responsibility) omitted: element number not confirmed. */
export const ETD: SegmentDef = {
  tag: 'ETD',
  name: 'Excess Transportation Detail',
  elements: [
    { ref: '626', req: 'M' },
    { ref: '627', req: 'M' },
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
  ],
  rules: [{ kind: 'P', at: [3, 4] }],
};
