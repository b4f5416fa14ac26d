import type { SegmentDef } from '../../types';

/** DTM Date/Time Reference (004010). */
export const DTM: SegmentDef = {
  tag: 'DTM',
  name: 'Date/Time Reference',
  elements: [
    { ref: '374', req: 'M' },
    { ref: '373', req: 'X' },
    { ref: '337', req: 'X' },
    { ref: '623', req: 'O' },
    { ref: '1250', req: 'X' },
    { ref: '1251', req: 'X' },
  ],
  rules: [
    { kind: 'R', at: [2, 3, 6] },
    { kind: 'C', at: [4, 3] },
    { kind: 'P', at: [5, 6] },
  ],
};
