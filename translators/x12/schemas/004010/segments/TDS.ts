import type { SegmentDef } from '../../types';

/** TDS Total Monetary Value Summary (004010). */
export const TDS: SegmentDef = {
  tag: 'TDS',
  name: 'Total Monetary Value Summary',
  elements: [
    { ref: '610', req: 'M' },
    { ref: '610', req: 'O' },
    { ref: '610', req: 'O' },
    { ref: '610', req: 'O' },
  ],
};
