import type { SegmentDef } from '../../types';

/** MAN Marks and Numbers (004010). */
export const MAN: SegmentDef = {
  tag: 'MAN',
  name: 'Marks and Numbers',
  elements: [
    { ref: '88', req: 'M' },
    { ref: '87', req: 'M' },
    { ref: '87', req: 'O' },
    { ref: '88', req: 'X' },
    { ref: '87', req: 'X' },
    { ref: '87', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [4, 5] },
    { kind: 'C', at: [6, 5] },
  ],
};
