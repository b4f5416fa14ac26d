import type { SegmentDef } from '../../types';

/** NX2 Location ID Component (004010). */
export const NX2: SegmentDef = {
  tag: 'NX2',
  name: 'Location ID Component',
  elements: [
    { ref: '1106', req: 'M' },
    { ref: '166', req: 'M' },
    { ref: '1096', req: 'O' },
  ],
};
