import type { SegmentDef } from '../../types';

/** BEG Beginning Segment for Purchase Order (004010). */
export const BEG: SegmentDef = {
  tag: 'BEG',
  name: 'Beginning Segment for Purchase Order',
  elements: [
    { ref: '353', req: 'M' },
    { ref: '92', req: 'M' },
    { ref: '324', req: 'M' },
    { ref: '328', req: 'O' },
    { ref: '373', req: 'M' },
    { ref: '367', req: 'O' },
    { ref: '587', req: 'O' },
    { ref: '1019', req: 'O' },
    { ref: '1166', req: 'O' },
    { ref: '1232', req: 'O' },
    { ref: '786', req: 'O' },
    { ref: '640', req: 'O' },
  ],
};
