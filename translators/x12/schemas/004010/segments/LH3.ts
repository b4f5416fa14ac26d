import type { SegmentDef } from '../../types';

/** LH3 Hazardous Material Shipping Name (004010). */
export const LH3: SegmentDef = {
  tag: 'LH3',
  name: 'Hazardous Material Shipping Name',
  elements: [
    { ref: '224', req: 'X' },
    { ref: '984', req: 'X' },
    { ref: '985', req: 'O' },
    { ref: '1073', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [1, 2] }],
};
