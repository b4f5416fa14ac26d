import type { SegmentDef } from '../../types';

/** LE Loop Trailer (004010). */
export const LE: SegmentDef = {
  tag: 'LE',
  name: 'Loop Trailer',
  elements: [{ ref: '447', req: 'M' }],
};
