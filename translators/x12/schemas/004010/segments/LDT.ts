import type { SegmentDef } from '../../types';

/** LDT Lead Time (004010). */
export const LDT: SegmentDef = {
  tag: 'LDT',
  name: 'Lead Time',
  elements: [
    { ref: '345', req: 'M' },
    { ref: '380', req: 'M' },
    { ref: '344', req: 'M' },
    { ref: '373', req: 'O' },
  ],
};
