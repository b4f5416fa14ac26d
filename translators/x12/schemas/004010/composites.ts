import type { CompositeDef } from '../types';

/** 004010 composite data structures used by the segments Dockside defines. */
export const composites: Record<string, CompositeDef> = {
  C001: {
    id: 'C001',
    name: 'Composite Unit of Measure',
    components: [
      { ref: '355', req: 'M' },
      { ref: '1018', req: 'O' },
      { ref: '649', req: 'O' },
      { ref: '355', req: 'X' },
      { ref: '1018', req: 'X' },
      { ref: '649', req: 'X' },
      { ref: '355', req: 'X' },
      { ref: '1018', req: 'X' },
      { ref: '649', req: 'X' },
      { ref: '355', req: 'X' },
      { ref: '1018', req: 'X' },
      { ref: '649', req: 'X' },
      { ref: '355', req: 'X' },
      { ref: '1018', req: 'X' },
      { ref: '649', req: 'X' },
    ],
    rules: [
      { kind: 'C', at: [5, 4] },
      { kind: 'C', at: [6, 4] },
      { kind: 'C', at: [8, 7] },
      { kind: 'C', at: [9, 7] },
      { kind: 'C', at: [11, 10] },
      { kind: 'C', at: [12, 10] },
      { kind: 'C', at: [14, 13] },
      { kind: 'C', at: [15, 13] },
    ],
  },
  C002: {
    id: 'C002',
    name: 'Actions Indicated',
    components: [
      { ref: '704', req: 'M' },
      { ref: '704', req: 'O' },
      { ref: '704', req: 'O' },
      { ref: '704', req: 'O' },
      { ref: '704', req: 'O' },
    ],
  },
  C030: {
    id: 'C030',
    name: 'Position in Segment',
    components: [
      { ref: '722', req: 'M' },
      { ref: '1528', req: 'O' },
    ],
  },
  C040: {
    id: 'C040',
    name: 'Reference Identifier',
    components: [
      { ref: '128', req: 'M' },
      { ref: '127', req: 'M' },
      { ref: '128', req: 'X' },
      { ref: '127', req: 'X' },
      { ref: '128', req: 'X' },
      { ref: '127', req: 'X' },
    ],
    rules: [
      { kind: 'P', at: [3, 4] },
      { kind: 'P', at: [5, 6] },
    ],
  },
};
