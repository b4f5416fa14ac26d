import type { SegmentDef } from '../../types';

/** SPI Specification Identifier (004010).
 * SPI06-SPI14 element numbers not confirmed. */
export const SPI: SegmentDef = {
  tag: 'SPI',
  name: 'Specification Identifier',
  elements: [
    { ref: '786', req: 'M' },
    { ref: '128', req: 'X' },
    { ref: '127', req: 'X' },
    { ref: '790', req: 'O' },
    { ref: '791', req: 'O' },
    { ref: '792', req: 'O' },
    { ref: '353', req: 'O' },
    { ref: '755', req: 'O' },
    { ref: '786', req: 'O' },
    { ref: '559', req: 'X' },
    { ref: '822', req: 'O' },
    { ref: '554', req: 'O' },
    { ref: '1322', req: 'O' },
    { ref: '1401', req: 'O' },
  ],
  rules: [
    { kind: 'P', at: [2, 3] },
    { kind: 'C', at: [11, 10] },
  ],
};
