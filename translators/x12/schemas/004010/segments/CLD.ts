import type { SegmentDef } from '../../types';

/** CLD Load Detail (004010). */
export const CLD: SegmentDef = {
  tag: 'CLD',
  name: 'Load Detail',
  elements: [
    { ref: '622', req: 'M' },
    { ref: '382', req: 'M' },
    { ref: '103', req: 'O' },
    { ref: '357', req: 'X' },
    { ref: '355', req: 'X' },
  ],
  rules: [{ kind: 'P', at: [4, 5] }],
};
