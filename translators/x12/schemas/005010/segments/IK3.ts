import type { SegmentDef } from '../../types';

/** IK3 Implementation Data Segment Note (005010). */
export const IK3: SegmentDef = {
  tag: 'IK3',
  name: 'Implementation Data Segment Note',
  elements: [
    { ref: '721', req: 'M' },
    { ref: '719', req: 'M' },
    { ref: '447', req: 'O' },
    { ref: '620', req: 'O' },
  ],
};
