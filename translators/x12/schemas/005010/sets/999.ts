import type { TransactionSetDef } from '../../types';

/** 999 Implementation Acknowledgment (005010; the set exists only from 005010 on). */
export const set999: TransactionSetDef = {
  id: '999',
  version: '005010',
  functionalGroup: 'FA',
  name: 'Implementation Acknowledgment',
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
          id: 'IK3',
          req: 'O',
          max: Infinity,
          children: [
            { kind: 'segment', tag: 'IK3', pos: '0400', req: 'M', max: 1 },
            { kind: 'segment', tag: 'CTX', pos: '0500', req: 'O', max: 10 },
            {
              kind: 'loop',
              id: 'IK4',
              req: 'O',
              max: Infinity,
              children: [
                { kind: 'segment', tag: 'IK4', pos: '0600', req: 'M', max: 1 },
                { kind: 'segment', tag: 'CTX', pos: '0700', req: 'O', max: 10 },
              ],
            },
          ],
        },
        { kind: 'segment', tag: 'IK5', pos: '0800', req: 'M', max: 1 },
      ],
    },
    { kind: 'segment', tag: 'AK9', pos: '0900', req: 'M', max: 1 },
    { kind: 'segment', tag: 'SE', pos: '1000', req: 'M', max: 1 },
  ],
};
