import type { SegmentDef } from '../../types';

/** SI Service Characteristic Identification (004010). */
export const SI: SegmentDef = {
  tag: 'SI',
  name: 'Service Characteristic Identification',
  elements: [
    { ref: '559', req: 'M' },
    { ref: '1000', req: 'M' },
    { ref: '234', req: 'M' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
    { ref: '1000', req: 'X' },
    { ref: '234', req: 'X' },
  ],
  rules: [
    { kind: 'P', at: [4, 5] },
    { kind: 'P', at: [6, 7] },
    { kind: 'P', at: [8, 9] },
    { kind: 'P', at: [10, 11] },
    { kind: 'P', at: [12, 13] },
    { kind: 'P', at: [14, 15] },
    { kind: 'P', at: [16, 17] },
    { kind: 'P', at: [18, 19] },
  ],
};
