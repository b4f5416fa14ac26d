import type { SegmentDef } from '../../types';

/** DIS Discount Detail (004010). */
export const DIS: SegmentDef = {
  tag: 'DIS',
  name: 'Discount Detail',
  elements: [
    { ref: '653', req: 'M' },
    { ref: '654', req: 'M' },
    { ref: '655', req: 'M' },
    { ref: '656', req: 'O' },
    { ref: '657', req: 'O' },
    { ref: '657', req: 'O' },
  ],
};
