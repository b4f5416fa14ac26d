import type { SegmentDef } from '../../types';

/** DMG Demographic Information (004010). */
export const DMG: SegmentDef = {
  tag: 'DMG',
  name: 'Demographic Information',
  elements: [
    { ref: '1250', req: 'X' },
    { ref: '1251', req: 'X' },
    { ref: '1068', req: 'O' },
    { ref: '1067', req: 'O' },
    { ref: '1109', req: 'O' },
    { ref: '1066', req: 'O' },
    { ref: '26', req: 'O' },
    { ref: '659', req: 'O' },
    { ref: '380', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [1, 2] }],
};
