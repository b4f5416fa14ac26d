import type { SegmentDef } from '../../types';

/** N4 Geographic Location (005010). */
export const N4: SegmentDef = {
  tag: 'N4',
  name: 'Geographic Location',
  elements: [
    { ref: '19', req: 'O' },
    { ref: '156', req: 'O' },
    { ref: '116', req: 'O' },
    { ref: '26', req: 'O' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'O' },
    { ref: '1715', req: 'X' },
  ],
  rules: [
    { kind: 'C', at: [6, 5] },
    { kind: 'C', at: [7, 4] },
  ],
};
