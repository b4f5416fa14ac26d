import type { SegmentDef } from '../../types';

/** LQ Industry Code (004010). */
export const LQ: SegmentDef = {
  tag: 'LQ',
  name: 'Industry Code',
  elements: [
    { ref: '1270', req: 'O' },
    { ref: '1271', req: 'X' },
  ],
  rules: [{ kind: 'C', at: [1, 2] }],
};
