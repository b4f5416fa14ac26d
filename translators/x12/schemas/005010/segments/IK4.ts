import type { SegmentDef } from '../../types';

/** IK4 Implementation Data Element Note (005010). */
export const IK4: SegmentDef = {
  tag: 'IK4',
  name: 'Implementation Data Element Note',
  elements: [
    { composite: 'C030', req: 'M' },
    { ref: '725', req: 'O' },
    { ref: '621', req: 'M' },
    { ref: '724', req: 'O' },
  ],
};
