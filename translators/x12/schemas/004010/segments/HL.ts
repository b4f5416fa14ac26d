import type { SegmentDef } from '../../types';

/** HL Hierarchical Level (004010). */
export const HL: SegmentDef = {
  tag: 'HL',
  name: 'Hierarchical Level',
  elements: [
    { ref: '628', req: 'M' },
    { ref: '734', req: 'O' },
    { ref: '735', req: 'M' },
    { ref: '736', req: 'O' },
  ],
};
