import type { SegmentDef } from '../../types';

/** PWK Paperwork (004010). */
export const PWK: SegmentDef = {
  tag: 'PWK',
  name: 'Paperwork',
  elements: [
    { ref: '755', req: 'M' },
    { ref: '756', req: 'O' },
    { ref: '757', req: 'O' },
    { ref: '98', req: 'X' },
    { ref: '66', req: 'X' },
    { ref: '67', req: 'X' },
    { ref: '352', req: 'O' },
    { composite: 'C002', req: 'O' },
    { ref: '1525', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [5, 6] }],
};
