import { elements as elements004010 } from '../004010/elements';
import type { ElementDef } from '../types';
import {
  elementSyntaxErrorCodes723,
  implementationElementSyntaxErrorCodes621,
  implementationSegmentSyntaxErrorCodes620,
  implementationSetSyntaxErrorCodes618,
} from './code-lists';

/**
 * 005010 data element dictionary: the 004010 entries Dockside uses, with the 005010 changes applied
 * (127 widened to 50, 447 narrowed to 4, 719 widened to 10, 723 gains codes 12/13) and the elements
 * that are new in 005010 (ISA11 repetition separator, AK103, AK203, C030-03, N407, 999 codes, CTX).
 */
export const elements: Record<string, ElementDef> = {
  ...elements004010,
  I65: { id: 'I65', name: 'Repetition Separator', type: 'AN', min: 1, max: 1 },
  '127': { id: '127', name: 'Reference Identification', type: 'AN', min: 1, max: 50 },
  '447': { id: '447', name: 'Loop Identifier Code', type: 'AN', min: 1, max: 4 },
  '618': {
    id: '618',
    name: 'Implementation Transaction Set Syntax Error Code',
    type: 'ID',
    min: 1,
    max: 3,
    codes: implementationSetSyntaxErrorCodes618,
  },
  '620': {
    id: '620',
    name: 'Implementation Segment Syntax Error Code',
    type: 'ID',
    min: 1,
    max: 3,
    codes: implementationSegmentSyntaxErrorCodes620,
  },
  '621': {
    id: '621',
    name: 'Implementation Data Element Syntax Error Code',
    type: 'ID',
    min: 1,
    max: 3,
    codes: implementationElementSyntaxErrorCodes621,
  },
  '719': { id: '719', name: 'Segment Position in Transaction Set', type: 'N0', min: 1, max: 10 },
  '723': {
    id: '723',
    name: 'Data Element Syntax Error Code',
    type: 'ID',
    min: 1,
    max: 3,
    codes: elementSyntaxErrorCodes723,
  },
  '1686': { id: '1686', name: 'Repeating Data Element Position', type: 'N0', min: 1, max: 4 },
  '1705': { id: '1705', name: 'Implementation Convention Reference', type: 'AN', min: 1, max: 35 },
  '1715': { id: '1715', name: 'Country Subdivision Code', type: 'ID', min: 1, max: 3 },
  '9998': { id: '9998', name: 'Context Reference', type: 'AN', min: 1, max: 35 },
  '9999': { id: '9999', name: 'Context Name', type: 'AN', min: 1, max: 35 },
};
