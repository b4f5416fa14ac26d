import type { SegmentDef } from '../../types';

/** LEP EPA Required Data (004010).
 * Element numbers 806/807 not confirmed. */
export const LEP: SegmentDef = {
  tag: 'LEP',
  name: 'EPA Required Data',
  elements: [
    { ref: '806', req: 'O' },
    { ref: '807', req: 'O' },
    { ref: '156', req: 'X' },
    { ref: '127', req: 'X' },
  ],
  rules: [{ kind: 'P', at: [3, 4] }],
};
