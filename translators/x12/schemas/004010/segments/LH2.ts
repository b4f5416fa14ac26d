import type { SegmentDef } from '../../types';

/** LH2 Hazardous Classification Information (004010). */
export const LH2: SegmentDef = {
  tag: 'LH2',
  name: 'Hazardous Classification Information',
  elements: [
    { ref: '215', req: 'O' },
    { ref: '983', req: 'O' },
    { ref: '218', req: 'O' },
    { ref: '222', req: 'O' },
    { ref: '759', req: 'O' },
    { ref: '355', req: 'X' },
    { ref: '408', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '408', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '408', req: 'X' },
    { ref: '188', req: 'X' },
    { ref: '267', req: 'X' },
  ],
  rules: [
    { kind: 'P', at: [6, 7] },
    { kind: 'P', at: [8, 9] },
    { kind: 'P', at: [10, 11] },
    { kind: 'P', at: [12, 13] },
  ],
};
