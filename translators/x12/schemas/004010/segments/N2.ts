import type { SegmentDef } from '../../types';

/** N2 Additional Name Information (004010). */
export const N2: SegmentDef = {
  tag: 'N2',
  name: 'Additional Name Information',
  elements: [
    { ref: '93', req: 'M' },
    { ref: '93', req: 'O' },
  ],
};
