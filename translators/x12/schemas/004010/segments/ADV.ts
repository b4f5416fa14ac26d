import type { SegmentDef } from '../../types';

/** ADV Advertising Demographic Information (004010). */
export const ADV: SegmentDef = {
  tag: 'ADV',
  name: 'Advertising Demographic Information',
  elements: [
    { ref: '559', req: 'M' },
    { ref: '1000', req: 'M' },
    { ref: '740', req: 'O' },
    { ref: '741', req: 'O' },
    { ref: '729', req: 'O' },
    { ref: '1000', req: 'X' },
    { ref: '739', req: 'X' },
  ],
  rules: [{ kind: 'P', at: [6, 7] }],
};
