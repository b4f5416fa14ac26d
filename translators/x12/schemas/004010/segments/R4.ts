import type { SegmentDef } from '../../types';

/** R4 Port or Terminal (004010). */
export const R4: SegmentDef = {
  tag: 'R4',
  name: 'Port or Terminal',
  elements: [
    { ref: '115', req: 'M' },
    { ref: '309', req: 'X' },
    { ref: '310', req: 'X' },
    { ref: '114', req: 'O' },
    { ref: '26', req: 'O' },
    { ref: '174', req: 'O' },
    { ref: '113', req: 'O' },
    { ref: '156', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [2, 3] }],
};
