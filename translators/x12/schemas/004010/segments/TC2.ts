import type { SegmentDef } from '../../types';

/** TC2 Commodity (004010). */
export const TC2: SegmentDef = {
  tag: 'TC2',
  name: 'Commodity',
  elements: [
    { ref: '23', req: 'M' },
    { ref: '22', req: 'M' },
  ],
};
