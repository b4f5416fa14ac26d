import type { SegmentDef } from '../../types';

/** CB1 Contract and Cost Accounting Standards Data (004010). */
export const CB1: SegmentDef = {
  tag: 'CB1',
  name: 'Contract and Cost Accounting Standards Data',
  elements: [
    { ref: '1309', req: 'M' },
    { ref: '1310', req: 'O' },
  ],
};
