import type { SegmentDef } from '../../types';

/** N3 Address Information (004010). */
export const N3: SegmentDef = {
  tag: 'N3',
  name: 'Address Information',
  elements: [
    { ref: '166', req: 'M' },
    { ref: '166', req: 'O' },
  ],
};
