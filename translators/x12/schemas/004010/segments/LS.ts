import type { SegmentDef } from '../../types';

/** LS Loop Header (004010). */
export const LS: SegmentDef = {
  tag: 'LS',
  name: 'Loop Header',
  elements: [{ ref: '447', req: 'M' }],
};
