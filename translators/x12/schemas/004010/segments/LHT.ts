import type { SegmentDef } from '../../types';

/** LHT Transborder Hazardous Requirements (004010). */
export const LHT: SegmentDef = {
  tag: 'LHT',
  name: 'Transborder Hazardous Requirements',
  elements: [
    { ref: '215', req: 'O' },
    { ref: '218', req: 'O' },
    { ref: '222', req: 'O' },
  ],
};
