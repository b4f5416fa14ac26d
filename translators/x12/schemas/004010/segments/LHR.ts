import type { SegmentDef } from '../../types';

/** LHR Hazardous Material Identifying Reference Numbers (004010). */
export const LHR: SegmentDef = {
  tag: 'LHR',
  name: 'Hazardous Material Identifying Reference Numbers',
  elements: [
    { ref: '128', req: 'M' },
    { ref: '127', req: 'M' },
    { ref: '373', req: 'O' },
  ],
};
