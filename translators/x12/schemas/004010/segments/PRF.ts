import type { SegmentDef } from '../../types';

/** PRF Purchase Order Reference (004010). */
export const PRF: SegmentDef = {
  tag: 'PRF',
  name: 'Purchase Order Reference',
  elements: [
    { ref: '324', req: 'M' },
    { ref: '328', req: 'O' },
    { ref: '327', req: 'O' },
    { ref: '373', req: 'O' },
    { ref: '367', req: 'O' },
    { ref: '92', req: 'O' },
  ],
};
