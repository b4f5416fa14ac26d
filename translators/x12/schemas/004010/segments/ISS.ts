import type { SegmentDef } from '../../types';

/** ISS Invoice Shipment Summary (004010). */
export const ISS: SegmentDef = {
  tag: 'ISS',
  name: 'Invoice Shipment Summary',
  elements: [
    { ref: '382', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '81', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '183', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '380', req: 'O' },
    { ref: '81', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [1, 2] },
    { kind: 'P', at: [3, 4] },
    { kind: 'P', at: [5, 6] },
    { kind: 'R', at: [1, 3, 5] },
  ],
};
