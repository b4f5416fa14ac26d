import type { SegmentDef } from '../../types';

/** SAC Service, Promotion, Allowance, or Charge Information (004010). */
export const SAC: SegmentDef = {
  tag: 'SAC',
  name: 'Service, Promotion, Allowance, or Charge Information',
  elements: [
    { ref: '248', req: 'M' },
    { ref: '1300', req: 'X' },
    { ref: '559', req: 'X' },
    { ref: '1301', req: 'X' },
    { ref: '610', req: 'O' },
    { ref: '378', req: 'X' },
    { ref: '332', req: 'X' },
    { ref: '118', req: 'O' },
    { ref: '355', req: 'X' },
    { ref: '380', req: 'X' },
    { ref: '380', req: 'O' },
    { ref: '331', req: 'O' },
    { ref: '127', req: 'X' },
    { ref: '770', req: 'O' },
    { ref: '352', req: 'O' },
    { ref: '819', req: 'O' },
  ],
  rules: [
    { kind: 'R', at: [2, 3] },
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [6, 7] },
    { kind: 'P', at: [9, 10] },
    { kind: 'C', at: [11, 10] },
    { kind: 'L', at: [13, 2, 4] },
    { kind: 'C', at: [14, 13] },
    { kind: 'C', at: [16, 15] },
  ],
};
