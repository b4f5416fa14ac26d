import type { SegmentDef } from '../../types';

/** BAL Balance Detail (004010). */
export const BAL: SegmentDef = {
  tag: 'BAL',
  name: 'Balance Detail',
  elements: [
    { ref: '951', req: 'M' },
    { ref: '522', req: 'M' },
    { ref: '782', req: 'M' },
  ],
};
