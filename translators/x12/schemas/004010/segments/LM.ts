import type { SegmentDef } from '../../types';

/** LM Code Source Information (004010). */
export const LM: SegmentDef = {
  tag: 'LM',
  name: 'Code Source Information',
  elements: [
    { ref: '559', req: 'M' },
    { ref: '822', req: 'O' },
  ],
};
