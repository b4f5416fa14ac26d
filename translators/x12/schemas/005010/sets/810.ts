import { set810 as set810v4010 } from '../../004010/sets/810';
import type { TransactionSetDef } from '../../types';

/** 810 Invoice (005010): same table structure as 004010. */
export const set810: TransactionSetDef = { ...set810v4010, version: '005010' };
