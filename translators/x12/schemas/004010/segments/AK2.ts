import type { SegmentDef } from '../../types';

/** AK2 Transaction Set Response Header (004010). */
export const AK2: SegmentDef = {
  tag: 'AK2',
  name: 'Transaction Set Response Header',
  elements: [
    { ref: '143', req: 'M' },
    { ref: '329', req: 'M' },
  ],
};
