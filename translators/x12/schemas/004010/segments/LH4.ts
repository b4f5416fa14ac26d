import type { SegmentDef } from '../../types';

/** LH4 Canadian Dangerous Requirements (004010).
 * LH408-LH412 omitted: their data element numbers could not be confirmed. */
export const LH4: SegmentDef = {
  tag: 'LH4',
  name: 'Canadian Dangerous Requirements',
  elements: [
    { ref: '238', req: 'O' },
    { ref: '364', req: 'O' },
    { ref: '254', req: 'O' },
    { ref: '230', req: 'O' },
    { ref: '230', req: 'O' },
    { ref: '230', req: 'O' },
    { ref: '271', req: 'O' },
  ],
};
