import type { SegmentDef } from '../../types';

/** L7 Tariff Reference (004010). */
export const L7: SegmentDef = {
  tag: 'L7',
  name: 'Tariff Reference',
  elements: [
    { ref: '213', req: 'O' },
    { ref: '168', req: 'O' },
    { ref: '171', req: 'O' },
    { ref: '172', req: 'X' },
    { ref: '169', req: 'X' },
    { ref: '170', req: 'X' },
    { ref: '59', req: 'O' },
    { ref: '173', req: 'O' },
    { ref: '46', req: 'O' },
    { ref: '373', req: 'O' },
    { ref: '119', req: 'O' },
    { ref: '227', req: 'O' },
    { ref: '294', req: 'O' },
    { ref: '295', req: 'X' },
    { ref: '19', req: 'X' },
    { ref: '156', req: 'O' },
  ],
};
