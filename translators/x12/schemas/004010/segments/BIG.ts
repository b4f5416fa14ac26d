import type { SegmentDef } from '../../types';

/** BIG Beginning Segment for Invoice (004010). */
export const BIG: SegmentDef = {
  tag: 'BIG',
  name: 'Beginning Segment for Invoice',
  elements: [
    { ref: '373', req: 'M' },
    { ref: '76', req: 'M' },
    { ref: '373', req: 'O' },
    { ref: '324', req: 'O' },
    { ref: '328', req: 'O' },
    { ref: '327', req: 'O' },
    { ref: '640', req: 'O' },
    { ref: '353', req: 'O' },
    { ref: '306', req: 'O' },
    { ref: '76', req: 'O' },
  ],
};
