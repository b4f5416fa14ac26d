import type { SegmentDef } from '../../types';

/** MSG Message Text (004010). */
export const MSG: SegmentDef = {
  tag: 'MSG',
  name: 'Message Text',
  elements: [
    { ref: '933', req: 'M' },
    { ref: '934', req: 'X' },
    { ref: '1470', req: 'O' },
  ],
  rules: [{ kind: 'C', at: [3, 2] }],
};
