import type { SegmentDef } from '../../types';

/** BSN Beginning Segment for Ship Notice (004010). */
export const BSN: SegmentDef = {
  tag: 'BSN',
  name: 'Beginning Segment for Ship Notice',
  elements: [
    { ref: '353', req: 'M' },
    { ref: '396', req: 'M' },
    { ref: '373', req: 'M' },
    { ref: '337', req: 'M' },
    { ref: '1005', req: 'O' },
    { ref: '640', req: 'O' },
    { ref: '641', req: 'O' },
  ],
  rules: [{ kind: 'C', at: [7, 6] }],
};
