import type { SegmentDef } from '../../types';

/** GS Functional Group Header (004010). */
export const GS: SegmentDef = {
  tag: 'GS',
  name: 'Functional Group Header',
  elements: [
    { ref: '479', req: 'M' },
    { ref: '142', req: 'M' },
    { ref: '124', req: 'M' },
    { ref: '373', req: 'M' },
    { ref: '337', req: 'M' },
    { ref: '28', req: 'M' },
    { ref: '455', req: 'M' },
    { ref: '480', req: 'M' },
  ],
};
