import type { SegmentDef } from '../../types';

/** SE Transaction Set Trailer (004010). */
export const SE: SegmentDef = {
  tag: 'SE',
  name: 'Transaction Set Trailer',
  elements: [
    { ref: '96', req: 'M' },
    { ref: '329', req: 'M' },
  ],
};
