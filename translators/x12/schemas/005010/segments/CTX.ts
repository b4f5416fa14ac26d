import type { SegmentDef } from '../../types';

/** CTX Context (005010). */
export const CTX: SegmentDef = {
  tag: 'CTX',
  name: 'Context',
  elements: [
    { composite: 'C998', req: 'M', repeat: 10 },
    { ref: '721', req: 'X' },
    { ref: '719', req: 'X' },
    { ref: '447', req: 'O' },
    { composite: 'C030', req: 'O' },
    { composite: 'C999', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [2, 3] }],
};
