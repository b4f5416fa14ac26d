import { composites as composites004010 } from '../004010/composites';
import type { CompositeDef } from '../types';

/** 005010 composites: the 004010 ones, C030 with its 005010 third component, and the 999 CTX composites. */
export const composites: Record<string, CompositeDef> = {
  ...composites004010,
  C030: {
    id: 'C030',
    name: 'Position in Segment',
    components: [
      { ref: '722', req: 'M' },
      { ref: '1528', req: 'O' },
      { ref: '1686', req: 'O' },
    ],
  },
  C998: {
    id: 'C998',
    name: 'Context Identification',
    components: [
      { ref: '9999', req: 'M' },
      { ref: '9998', req: 'O' },
    ],
  },
  C999: {
    id: 'C999',
    name: 'Reference in Segment',
    components: [
      { ref: '725', req: 'M' },
      { ref: '725', req: 'O' },
    ],
  },
};
