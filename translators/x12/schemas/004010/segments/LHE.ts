import type { SegmentDef } from '../../types';

/** LHE Empty Equipment Hazardous Material Information (004010). */
export const LHE: SegmentDef = {
  tag: 'LHE',
  name: 'Empty Equipment Hazardous Material Information',
  elements: [
    { ref: '224', req: 'M' },
    { ref: '218', req: 'M' },
    { ref: '128', req: 'M' },
    { ref: '127', req: 'M' },
    { ref: '759', req: 'O' },
  ],
};
