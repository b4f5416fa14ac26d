import type { SegmentDef } from '../../types';

/** FA1 Type of Financial Accounting Data (004010). */
export const FA1: SegmentDef = {
  tag: 'FA1',
  name: 'Type of Financial Accounting Data',
  elements: [
    { ref: '559', req: 'M' },
    { ref: '1300', req: 'O' },
    { ref: '248', req: 'O' },
  ],
};
