import type { TransactionSetDef } from '../../types';

/** 997 Functional Acknowledgment (004010). */
export const set997: TransactionSetDef = {
  id: '997',
  version: '004010',
  functionalGroup: 'FA',
  name: 'Functional Acknowledgment',
  body: [
    { kind: 'segment', tag: 'ST', pos: '010', req: 'M', max: 1 },
    { kind: 'segment', tag: 'AK1', pos: '020', req: 'M', max: 1 },
    {
      kind: 'loop',
      id: 'AK2',
      req: 'O',
      max: Infinity,
      children: [
        { kind: 'segment', tag: 'AK2', pos: '030', req: 'M', max: 1 },
        {
          kind: 'loop',
          id: 'AK3',
          req: 'O',
          max: Infinity,
          children: [
            { kind: 'segment', tag: 'AK3', pos: '040', req: 'M', max: 1 },
            { kind: 'segment', tag: 'AK4', pos: '050', req: 'O', max: 99 },
          ],
        },
        { kind: 'segment', tag: 'AK5', pos: '060', req: 'M', max: 1 },
      ],
    },
    { kind: 'segment', tag: 'AK9', pos: '070', req: 'M', max: 1 },
    { kind: 'segment', tag: 'SE', pos: '080', req: 'M', max: 1 },
  ],
};
