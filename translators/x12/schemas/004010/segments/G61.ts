import type { SegmentDef } from '../../types';

/** G61 Contact (004010). */
export const G61: SegmentDef = {
  tag: 'G61',
  name: 'Contact',
  elements: [
    { ref: '366', req: 'M' },
    { ref: '93', req: 'M' },
    { ref: '365', req: 'X' },
    { ref: '364', req: 'X' },
    { ref: '443', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [3, 4] }],
};
