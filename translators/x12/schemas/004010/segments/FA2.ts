import type { SegmentDef } from '../../types';

/** FA2 Accounting Data (004010). */
export const FA2: SegmentDef = {
  tag: 'FA2',
  name: 'Accounting Data',
  elements: [
    { ref: '1196', req: 'M' },
    { ref: '1195', req: 'M' },
  ],
};
