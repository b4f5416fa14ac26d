import type { SegmentDef } from '../../types';

/** AK1 Functional Group Response Header (005010). */
export const AK1: SegmentDef = {
  tag: 'AK1',
  name: 'Functional Group Response Header',
  elements: [
    { ref: '479', req: 'M' },
    { ref: '28', req: 'M' },
    { ref: '480', req: 'O' },
  ],
};
