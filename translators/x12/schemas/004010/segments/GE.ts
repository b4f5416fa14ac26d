import type { SegmentDef } from '../../types';

/** GE Functional Group Trailer (004010). */
export const GE: SegmentDef = {
  tag: 'GE',
  name: 'Functional Group Trailer',
  elements: [
    { ref: '97', req: 'M' },
    { ref: '28', req: 'M' },
  ],
};
