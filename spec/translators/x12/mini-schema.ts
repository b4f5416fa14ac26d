// A deliberately small 004010-like schema for unit tests of the reader, validator and acks,
// independent of the full schema data.
import type { ElementDef, SegmentDef, VersionSchema, Use } from '../../../translators/x12/schemas/types';

const el = (
  id: string,
  type: ElementDef['type'],
  min: number,
  max: number,
  codes?: string[],
): ElementDef => ({
  id,
  name: `E${id}`,
  type,
  min,
  max,
  ...(codes && { codes }),
});

const elements: Record<string, ElementDef> = Object.fromEntries(
  [
    el('143', 'ID', 3, 3),
    el('329', 'AN', 4, 9),
    el('353', 'ID', 2, 2, ['00', '01', '05']),
    el('92', 'ID', 2, 2, ['SA', 'DS']),
    el('324', 'AN', 1, 22),
    el('328', 'AN', 1, 30),
    el('373', 'DT', 8, 8),
    el('128', 'ID', 2, 3),
    el('127', 'AN', 1, 30),
    el('98', 'ID', 2, 3, ['BY', 'ST', 'SE']),
    el('93', 'AN', 1, 60),
    el('66', 'ID', 1, 2),
    el('67', 'AN', 2, 80),
    el('350', 'AN', 1, 20),
    el('330', 'R', 1, 15),
    el('355', 'ID', 2, 2, ['EA', 'CA']),
    el('212', 'R', 1, 17),
    el('349', 'ID', 1, 1),
    el('352', 'AN', 1, 80),
    el('354', 'N0', 1, 6),
    el('96', 'N0', 1, 10),
    el('337', 'TM', 4, 8),
  ].map((e) => [e.id, e]),
);

const seg = (tag: string, uses: [string, 'M' | 'O' | 'X'][], rules?: SegmentDef['rules']): SegmentDef => ({
  tag,
  name: tag,
  elements: uses.map(([ref, req]) => ({ ref, req })),
  ...(rules && { rules }),
});

const segments: Record<string, SegmentDef> = {
  ST: seg('ST', [
    ['143', 'M'],
    ['329', 'M'],
  ]),
  BEG: seg('BEG', [
    ['353', 'M'],
    ['92', 'M'],
    ['324', 'M'],
    ['328', 'O'],
    ['373', 'M'],
  ]),
  REF: seg(
    'REF',
    [
      ['128', 'M'],
      ['127', 'X'],
      ['352', 'X'],
    ],
    [{ kind: 'R', at: [2, 3] }],
  ),
  DTM: seg(
    'DTM',
    [
      ['128', 'M'],
      ['373', 'X'],
      ['337', 'X'],
    ],
    [{ kind: 'C', at: [3, 2] }],
  ),
  N1: seg(
    'N1',
    [
      ['98', 'M'],
      ['93', 'X'],
      ['66', 'X'],
      ['67', 'X'],
    ],
    [
      { kind: 'R', at: [2, 3] },
      { kind: 'P', at: [3, 4] },
    ],
  ),
  PO1: seg(
    'PO1',
    [
      ['350', 'O'],
      ['330', 'X'],
      ['355', 'X'],
      ['212', 'O'],
    ],
    [{ kind: 'P', at: [2, 3] }],
  ),
  PID: seg('PID', [
    ['349', 'M'],
    ['352', 'X'],
  ]),
  CTT: seg('CTT', [['354', 'M']]),
  SE: seg('SE', [
    ['96', 'M'],
    ['329', 'M'],
  ]),
};

const s = (tag: string, req: 'M' | 'O', max: number, pos = '000'): Use => ({
  kind: 'segment',
  tag,
  pos,
  req,
  max,
});

/** 850 (mini): ST, BEG, REF×2, DTM×2, N1 loop ×3, PO1 loop ×5 with PID loop ×2, CTT, SE. */
export const miniSchema: VersionSchema = {
  version: '004010',
  elements,
  composites: {},
  segments,
  sets: {
    '850': {
      id: '850',
      version: '004010',
      functionalGroup: 'PO',
      name: 'Purchase Order (mini)',
      body: [
        s('ST', 'M', 1),
        s('BEG', 'M', 1),
        s('REF', 'O', 2),
        s('DTM', 'O', 2),
        { kind: 'loop', id: 'N1', req: 'O', max: 3, children: [s('N1', 'M', 1)] },
        {
          kind: 'loop',
          id: 'PO1',
          req: 'M',
          max: 5,
          children: [
            s('PO1', 'M', 1),
            { kind: 'loop', id: 'PID', req: 'O', max: 2, children: [s('PID', 'M', 1)] },
          ],
        },
        s('CTT', 'O', 1),
        s('SE', 'M', 1),
      ],
    },
  },
};
