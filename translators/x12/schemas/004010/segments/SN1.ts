import type { SegmentDef } from '../../types';

/** SN1 Item Detail (Shipment) (004010). */
export const SN1: SegmentDef = {
  tag: 'SN1',
  name: 'Item Detail (Shipment)',
  elements: [
    { ref: '350', req: 'O' },
    { ref: '382', req: 'M' },
    { ref: '355', req: 'M' },
    { ref: '646', req: 'O' },
    { ref: '330', req: 'X' },
    { ref: '355', req: 'X' },
    { ref: '728', req: 'O' },
    { ref: '668', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [5, 6] }],
};
