import type { SegmentDef } from '../../types';

/** LFH Freeform Hazardous Material Information (004010). */
export const LFH: SegmentDef = {
  tag: 'LFH',
  name: 'Freeform Hazardous Material Information',
  elements: [
    { ref: '808', req: 'M' },
    { ref: '809', req: 'M' },
    { ref: '809', req: 'O' },
    { ref: '1023', req: 'O' },
    { ref: '355', req: 'X' },
    { ref: '380', req: 'X' },
    { ref: '380', req: 'O' },
    { ref: '373', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [5, 6] }],
};
