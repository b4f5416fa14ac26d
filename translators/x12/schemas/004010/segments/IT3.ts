import type { SegmentDef } from '../../types';

/** IT3 Additional Item Data (004010). */
export const IT3: SegmentDef = {
  tag: 'IT3',
  name: 'Additional Item Data',
  elements: [
    { ref: '382', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '368', req: 'X' },
    { ref: '383', req: 'O' },
    { ref: '371', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [1, 3] },
    { kind: 'C', at: [1, 2] },
    { kind: 'C', at: [2, 1] },
  ],
};
