import type { TransactionSetDef } from '../../types';

/** 997 Functional Acknowledgment (005010). */
export const set997: TransactionSetDef = {
  id: '997',
  version: '005010',
  functionalGroup: 'FA',
  name: 'Functional Acknowledgment',
  body: [
    { kind: 'segment', tag: 'ST', pos: '0100', req: 'M', max: 1 },
    { kind: 'segment', tag: 'AK1', pos: '0200', req: 'M', max: 1 },
    {
      kind: 'loop',
      id: 'AK2',
      req: 'O',
      max: Infinity,
      children: [
        { kind: 'segment', tag: 'AK2', pos: '0300', req: 'M', max: 1 },
        {
          kind: 'loop',
          id: 'AK3',
          req: 'O',
          max: Infinity,
          children: [
            { kind: 'segment', tag: 'AK3', pos: '0400', req: 'M', max: 1 },
            { kind: 'segment', tag: 'AK4', pos: '0500', req: 'O', max: 99 },
          ],
        },
        { kind: 'segment', tag: 'AK5', pos: '0600', req: 'M', max: 1 },
      ],
    },
    { kind: 'segment', tag: 'AK9', pos: '0700', req: 'M', max: 1 },
    { kind: 'segment', tag: 'SE', pos: '0800', req: 'M', max: 1 },
  ],
};
