import { segments as segments004010 } from '../../004010/segments';
import type { SegmentDef } from '../../types';
import { AK1 } from './AK1';
import { AK2 } from './AK2';
import { CTX } from './CTX';
import { IK3 } from './IK3';
import { IK4 } from './IK4';
import { IK5 } from './IK5';
import { ISA } from './ISA';
import { N4 } from './N4';
import { ST } from './ST';

/**
 * Every 005010 segment Dockside defines: the 004010 segments (identical in 005010 except for element
 * dictionary changes, which live in ../elements.ts) plus the segments that differ or are new (999 IK3/IK4/IK5/CTX).
 */
export const segments: Record<string, SegmentDef> = {
  ...segments004010,
  AK1,
  AK2,
  CTX,
  IK3,
  IK4,
  IK5,
  ISA,
  N4,
  ST,
};
