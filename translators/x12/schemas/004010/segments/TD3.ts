import type { SegmentDef } from '../../types';

/** TD3 Carrier Details (Equipment) (004010). */
export const TD3: SegmentDef = {
  tag: 'TD3',
  name: 'Carrier Details (Equipment)',
  elements: [
    { ref: '40', req: 'X' },
    { ref: '206', req: 'O' },
    { ref: '207', req: 'X' },
    { ref: '187', req: 'O' },
    { ref: '81', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '102', req: 'O' },
    { ref: '407', req: 'O' },
    { ref: '225', req: 'O' },
    { ref: '24', req: 'X' },
  ],
  rules: [
    { kind: 'E', at: [1, 10] },
    { kind: 'C', at: [2, 3] },
    { kind: 'C', at: [4, 5] },
    { kind: 'P', at: [5, 6] },
  ],
};
