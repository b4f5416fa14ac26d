import type { SegmentDef } from '../../types';

/** MTX Text (004010). */
export const MTX: SegmentDef = {
  tag: 'MTX',
  name: 'Text',
  elements: [
    { ref: '363', req: 'O' },
    { ref: '1551', req: 'X' },
    { ref: '1551', req: 'X' },
    { ref: '934', req: 'O' },
  ],
  rules: [
    { kind: 'C', at: [1, 2] },
    { kind: 'C', at: [3, 2] },
  ],
};
