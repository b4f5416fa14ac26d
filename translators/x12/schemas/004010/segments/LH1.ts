import type { SegmentDef } from '../../types';

/** LH1 Hazardous Identification Information (004010). */
export const LH1: SegmentDef = {
  tag: 'LH1',
  name: 'Hazardous Identification Information',
  elements: [
    { ref: '355', req: 'M' },
    { ref: '80', req: 'M' },
    { ref: '277', req: 'O' },
    { ref: '200', req: 'O' },
    { ref: '22', req: 'O' },
    { ref: '355', req: 'X' },
    { ref: '380', req: 'X' },
    { ref: '595', req: 'O' },
    { ref: '665', req: 'O' },
    { ref: '254', req: 'O' },
    { ref: '1375', req: 'O' },
    { ref: '1271', req: 'O' },
  ],
  rules: [{ kind: 'P', at: [6, 7] }],
};
