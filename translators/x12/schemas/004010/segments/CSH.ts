import type { SegmentDef } from '../../types';

/** CSH Sales Requirements (004010). */
export const CSH: SegmentDef = {
  tag: 'CSH',
  name: 'Sales Requirements',
  elements: [
    { ref: '563', req: 'O' },
    { ref: '306', req: 'X' },
    { ref: '610', req: 'X' },
    { ref: '508', req: 'X' },
    { ref: '373', req: 'O' },
    { ref: '559', req: 'X' },
    { ref: '566', req: 'O' },
    { ref: '954', req: 'X' },
    { ref: '1004', req: 'X' },
  ],
  rules: [{ kind: 'P', at: [8, 9] }],
};
