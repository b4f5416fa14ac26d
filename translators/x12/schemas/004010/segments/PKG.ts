import type { SegmentDef } from '../../types';

/** PKG Marking, Packaging, Loading (004010). */
export const PKG: SegmentDef = {
  tag: 'PKG',
  name: 'Marking, Packaging, Loading',
  elements: [
    { ref: '349', req: 'X' },
    { ref: '753', req: 'O' },
    { ref: '559', req: 'X' },
    { ref: '754', req: 'X' },
    { ref: '352', req: 'X' },
    { ref: '400', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [4, 5, 6] },
    { kind: 'C', at: [4, 3] },
    { kind: 'C', at: [5, 1] },
  ],
};
