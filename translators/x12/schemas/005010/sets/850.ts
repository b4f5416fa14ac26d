import { set850 as set850v4010 } from '../../004010/sets/850';
import type { TransactionSetDef } from '../../types';

/** 850 Purchase Order (005010): same table structure as 004010. */
export const set850: TransactionSetDef = { ...set850v4010, version: '005010' };
