import type { SegmentDef } from '../../types';

/** PCT Percent Amounts (004010). */
export const PCT: SegmentDef = {
  tag: 'PCT',
  name: 'Percent Amounts',
  elements: [
    { ref: '1004', req: 'M' },
    { ref: '332', req: 'M' },
  ],
};
