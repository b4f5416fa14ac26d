import type { SegmentDef } from '../../types';

/** TD4 Carrier Details (Special Handling, or Hazardous Materials, or Both) (004010). */
export const TD4: SegmentDef = {
  tag: 'TD4',
  name: 'Carrier Details (Special Handling, or Hazardous Materials, or Both)',
  elements: [
    { ref: '152', req: 'X' },
    { ref: '208', req: 'X' },
    { ref: '209', req: 'X' },
    { ref: '352', req: 'X' },
    { ref: '1073', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [1, 2, 4] },
    { kind: 'C', at: [2, 3] },
    { kind: 'C', at: [5, 2] },
  ],
};
