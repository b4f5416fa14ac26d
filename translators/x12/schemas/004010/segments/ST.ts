import type { SegmentDef } from '../../types';

/** ST Transaction Set Header (004010). */
export const ST: SegmentDef = {
  tag: 'ST',
  name: 'Transaction Set Header',
  elements: [
    { ref: '143', req: 'M' },
    { ref: '329', req: 'M' },
  ],
};
