import type { SegmentDef } from '../../types';

/** CN1 Contract Information (004010). */
export const CN1: SegmentDef = {
  tag: 'CN1',
  name: 'Contract Information',
  elements: [
    { ref: '1166', req: 'M' },
    { ref: '782', req: 'O' },
    { ref: '332', req: 'O' },
    { ref: '127', req: 'O' },
    { ref: '338', req: 'O' },
    { ref: '799', req: 'O' },
  ],
};
