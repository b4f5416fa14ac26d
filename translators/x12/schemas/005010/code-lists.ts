// Code lists that differ from 004010 (acknowledgment error codes). 999 codes (618, 620, 621) follow the
// 005010 dictionary as used by the X231 999 guide; the rest of 005010 reuses ../004010/code-lists.ts.
// Each 005010 list is its 004010 counterpart plus the codes 005010 adds.
import {
  elementSyntaxErrorCodes723 as elementCodes004010,
  segmentSyntaxErrorCodes720,
  setSyntaxErrorCodes718,
} from '../004010/code-lists';

/** 723 Data Element Syntax Error Code (AK403), 005010: adds 12 too many repetitions, 13 too many components. */
export const elementSyntaxErrorCodes723: readonly string[] = [...elementCodes004010, '12', '13'];

/** 618 Implementation Transaction Set Syntax Error Code (IK502-IK506). */
export const implementationSetSyntaxErrorCodes618: readonly string[] = [
  ...setSyntaxErrorCodes718,
  'I5',
  'I6',
];

/** 620 Implementation Segment Syntax Error Code (IK304). */
export const implementationSegmentSyntaxErrorCodes620: readonly string[] = [
  ...segmentSyntaxErrorCodes720,
  'I4',
  'I6',
  'I7',
  'I8',
  'I9',
];

/** 621 Implementation Data Element Syntax Error Code (IK403). */
export const implementationElementSyntaxErrorCodes621: readonly string[] = [
  ...elementSyntaxErrorCodes723,
  'I10',
  'I11',
  'I12',
  'I13',
  'I6',
  'I9',
];
