import type { SegmentDef } from '../../types';

/** AK5 Transaction Set Response Trailer (004010). */
export const AK5: SegmentDef = {
  tag: 'AK5',
  name: 'Transaction Set Response Trailer',
  elements: [
    { ref: '717', req: 'M' },
    { ref: '718', req: 'O' },
    { ref: '718', req: 'O' },
    { ref: '718', req: 'O' },
    { ref: '718', req: 'O' },
    { ref: '718', req: 'O' },
  ],
};
