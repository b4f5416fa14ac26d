import type { SegmentDef } from '../../types';

/** CRC Conditions Indicator (004010). */
export const CRC: SegmentDef = {
  tag: 'CRC',
  name: 'Conditions Indicator',
  elements: [
    { ref: '1136', req: 'M' },
    { ref: '1073', req: 'M' },
    { ref: '1321', req: 'M' },
    { ref: '1321', req: 'O' },
    { ref: '1321', req: 'O' },
    { ref: '1321', req: 'O' },
    { ref: '1321', req: 'O' },
  ],
};
