import type { SegmentDef } from '../../types';

/** V1 Vessel Identification (004010). */
export const V1: SegmentDef = {
  tag: 'V1',
  name: 'Vessel Identification',
  elements: [
    { ref: '597', req: 'X' },
    { ref: '182', req: 'X' },
    { ref: '26', req: 'O' },
    { ref: '55', req: 'O' },
    { ref: '140', req: 'O' },
    { ref: '249', req: 'O' },
    { ref: '854', req: 'O' },
    { ref: '897', req: 'O' },
    { ref: '91', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [1, 2] },
    { kind: 'C', at: [8, 1] },
  ],
};
