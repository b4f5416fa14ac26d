import type { SegmentDef } from '../../types';

/** AK9 Functional Group Response Trailer (004010). */
export const AK9: SegmentDef = {
  tag: 'AK9',
  name: 'Functional Group Response Trailer',
  elements: [
    { ref: '715', req: 'M' },
    { ref: '97', req: 'M' },
    { ref: '123', req: 'M' },
    { ref: '2', req: 'M' },
    { ref: '716', req: 'O' },
    { ref: '716', req: 'O' },
    { ref: '716', req: 'O' },
    { ref: '716', req: 'O' },
    { ref: '716', req: 'O' },
  ],
};
