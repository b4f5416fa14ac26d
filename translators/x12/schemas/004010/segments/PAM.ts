import type { SegmentDef } from '../../types';

/** PAM Period Amount (004010).
 * Element list from memory (not confirmed against a published 004010 dictionary). */
export const PAM: SegmentDef = {
  tag: 'PAM',
  name: 'Period Amount',
  elements: [
    { ref: '673', req: 'X' },
    { ref: '380', req: 'X' },
    { composite: 'C001', req: 'X' },
    { ref: '522', req: 'X' },
    { ref: '782', req: 'X' },
    { ref: '344', req: 'X' },
    { ref: '1345', req: 'X' },
    { ref: '374', req: 'X' },
    { ref: '373', req: 'X' },
    { ref: '337', req: 'X' },
    { ref: '374', req: 'X' },
    { ref: '373', req: 'X' },
    { ref: '337', req: 'X' },
    { ref: '1073', req: 'O' },
  ],
};
