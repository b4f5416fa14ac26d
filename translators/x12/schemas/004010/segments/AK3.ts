import type { SegmentDef } from '../../types';

/** AK3 Data Segment Note (004010). */
export const AK3: SegmentDef = {
  tag: 'AK3',
  name: 'Data Segment Note',
  elements: [
    { ref: '721', req: 'M' },
    { ref: '719', req: 'M' },
    { ref: '447', req: 'O' },
    { ref: '720', req: 'O' },
  ],
};
