import { set856 as set856v4010 } from '../../004010/sets/856';
import type { TransactionSetDef } from '../../types';

/** 856 Ship Notice/Manifest (005010): same table structure as 004010. */
export const set856: TransactionSetDef = { ...set856v4010, version: '005010' };
