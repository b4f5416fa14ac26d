import type { SegmentDef } from '../../types';

/** AK4 Data Element Note (004010). */
export const AK4: SegmentDef = {
  tag: 'AK4',
  name: 'Data Element Note',
  elements: [
    { composite: 'C030', req: 'M' },
    { ref: '725', req: 'O' },
    { ref: '723', req: 'M' },
    { ref: '724', req: 'O' },
  ],
};
