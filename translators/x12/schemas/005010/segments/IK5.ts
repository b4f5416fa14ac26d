import type { SegmentDef } from '../../types';

/** IK5 Implementation Transaction Set Response Trailer (005010). */
export const IK5: SegmentDef = {
  tag: 'IK5',
  name: 'Implementation Transaction Set Response Trailer',
  elements: [
    { ref: '717', req: 'M' },
    { ref: '618', req: 'O' },
    { ref: '618', req: 'O' },
    { ref: '618', req: 'O' },
    { ref: '618', req: 'O' },
    { ref: '618', req: 'O' },
  ],
};
