import type { SegmentDef } from '../../types';

/** IEA Interchange Control Trailer (004010). */
export const IEA: SegmentDef = {
  tag: 'IEA',
  name: 'Interchange Control Trailer',
  elements: [
    { ref: 'I16', req: 'M' },
    { ref: 'I12', req: 'M' },
  ],
};
