import type { SegmentDef } from '../../types';

/** PO3 Additional Item Detail (004010). */
export const PO3: SegmentDef = {
  tag: 'PO3',
  name: 'Additional Item Detail',
  elements: [
    { ref: '371', req: 'M' },
    { ref: '373', req: 'O' },
    { ref: '236', req: 'X' },
    { ref: '212', req: 'X' },
    { ref: '639', req: 'O' },
    { ref: '380', req: 'M' },
    { ref: '355', req: 'M' },
    { ref: '352', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [3, 4] }],
};
