import type { SegmentDef } from '../../types';

/** AMT Monetary Amount (004010). */
export const AMT: SegmentDef = {
  tag: 'AMT',
  name: 'Monetary Amount',
  elements: [
    { ref: '522', req: 'M' },
    { ref: '782', req: 'M' },
    { ref: '478', req: 'O' },
  ],
};
