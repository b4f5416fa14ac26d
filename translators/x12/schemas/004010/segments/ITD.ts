import type { SegmentDef } from '../../types';

/** ITD Terms of Sale/Deferred Terms of Sale (004010). */
export const ITD: SegmentDef = {
  tag: 'ITD',
  name: 'Terms of Sale/Deferred Terms of Sale',
  elements: [
    { ref: '336', req: 'O' },
    { ref: '333', req: 'O' },
    { ref: '338', req: 'O' },
    { ref: '370', req: 'O' },
    { ref: '351', req: 'O' },
    { ref: '446', req: 'O' },
    { ref: '386', req: 'O' },
    { ref: '362', req: 'O' },
    { ref: '388', req: 'O' },
    { ref: '389', req: 'O' },
    { ref: '342', req: 'O' },
    { ref: '352', req: 'O' },
    { ref: '765', req: 'O' },
    { ref: '107', req: 'O' },
    { ref: '954', req: 'O' },
  ],
  rules: [
    { kind: 'L', at: [3, 4, 5, 13] },
    { kind: 'L', at: [8, 4, 5, 13] },
    { kind: 'L', at: [9, 10, 11, 13] },
  ],
};
