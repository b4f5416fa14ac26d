import type { SegmentDef } from '../../types';

/** NTE Note/Special Instruction (004010). */
export const NTE: SegmentDef = {
  tag: 'NTE',
  name: 'Note/Special Instruction',
  elements: [
    { ref: '363', req: 'O' },
    { ref: '352', req: 'M' },
  ],
};
