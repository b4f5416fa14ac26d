// Findings of the X12 engine. Bad input never throws: every problem becomes an X12Issue with
// a Dockside code and the acknowledgement code X12 defines for it (TA105, AK905, AK502,
// AK304/IK304 or AK403/IK403), so the ack builder can answer the partner precisely.

/** Where the X12 acknowledgement reports a finding, and with which code. */
export type AckCode =
  | { readonly level: 'interchange'; readonly code: string } // TA105
  | { readonly level: 'group'; readonly code: string } // AK905
  | { readonly level: 'set'; readonly code: string } // AK502 / IK502
  | { readonly level: 'segment'; readonly code: string } // AK304 / IK304
  | { readonly level: 'element'; readonly code: string } // AK403 / IK403
  | { readonly level: 'none' }; // no envelope to answer

/** Position of a finding in the input. */
export interface Pos {
  /** Byte offset in the file. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** Segment position in its transaction set (ST = 1); 0 outside a set. */
  readonly segment: number;
  /** Segment tag at the position, when there is one. */
  readonly tag?: string;
  /** 1-based element position in the segment. */
  readonly element?: number;
  /** 1-based component position in a composite. */
  readonly component?: number;
  /** 1-based repetition index for repeating elements (005010). */
  readonly repetition?: number;
}

interface IssueDef {
  readonly ack: AckCode;
  /** Plain-words explanation, shown to ops and in CLI output. */
  readonly text: string;
}

const ta1 = (code: string): AckCode => ({ level: 'interchange', code });
const ak9 = (code: string): AckCode => ({ level: 'group', code });
const ak5 = (code: string): AckCode => ({ level: 'set', code });
const ak3 = (code: string): AckCode => ({ level: 'segment', code });
const ak4 = (code: string): AckCode => ({ level: 'element', code });

/** The catalogue: every code the X12 engine reports. Documented in docs/errors.md (checked by a test). */
export const ISSUES = {
  // Input with no usable interchange: nothing to acknowledge.
  DS_X12_EMPTY_INPUT: { ack: { level: 'none' }, text: 'the file is empty' },
  DS_X12_NO_ISA: { ack: { level: 'none' }, text: 'no ISA interchange header found' },
  DS_X12_ISA_TRUNCATED: {
    ack: { level: 'none' },
    text: 'the ISA segment is cut short: its 16 elements and delimiters cannot be read',
  },
  DS_X12_SEGMENT_TOO_LONG: {
    ack: ta1('023'),
    text: 'a segment is longer than the limit; the rest of the interchange cannot be read',
  },
  DS_X12_TOO_MANY_REJECTED: {
    ack: { level: 'none' },
    text: 'the file is too broken to read on (over 100 interchanges rejected): nothing after this point is read',
  },
  DS_X12_DATA_OUTSIDE_INTERCHANGE: {
    ack: { level: 'none' },
    text: 'data found between interchanges (after IEA, before the next ISA)',
  },
  // Interchange envelope (TA105).
  DS_X12_ISA_IEA_CONTROL_MISMATCH: { ack: ta1('001'), text: 'IEA02 does not match ISA13' },
  DS_X12_CONTROL_VERSION_UNSUPPORTED: { ack: ta1('003'), text: 'ISA12 control version is not supported' },
  DS_X12_SEGMENT_TERMINATOR_INVALID: { ack: ta1('004'), text: 'the segment terminator is invalid' },
  DS_X12_ISA_SENDER_QUALIFIER_INVALID: { ack: ta1('005'), text: 'ISA05 sender id qualifier is invalid' },
  DS_X12_ISA_SENDER_ID_INVALID: { ack: ta1('006'), text: 'ISA06 sender id is invalid (15 characters)' },
  DS_X12_ISA_RECEIVER_QUALIFIER_INVALID: { ack: ta1('007'), text: 'ISA07 receiver id qualifier is invalid' },
  DS_X12_ISA_RECEIVER_ID_INVALID: { ack: ta1('008'), text: 'ISA08 receiver id is invalid (15 characters)' },
  DS_X12_ISA_AUTH_QUALIFIER_INVALID: { ack: ta1('010'), text: 'ISA01 authorization qualifier is invalid' },
  DS_X12_ISA_AUTH_INFO_INVALID: {
    ack: ta1('011'),
    text: 'ISA02 authorization information is invalid (10 characters)',
  },
  DS_X12_ISA_SECURITY_QUALIFIER_INVALID: { ack: ta1('012'), text: 'ISA03 security qualifier is invalid' },
  DS_X12_ISA_SECURITY_INFO_INVALID: {
    ack: ta1('013'),
    text: 'ISA04 security information is invalid (10 characters)',
  },
  DS_X12_ISA_DATE_INVALID: { ack: ta1('014'), text: 'ISA09 interchange date is invalid (YYMMDD)' },
  DS_X12_ISA_TIME_INVALID: { ack: ta1('015'), text: 'ISA10 interchange time is invalid (HHMM)' },
  DS_X12_ISA_STANDARDS_ID_INVALID: { ack: ta1('016'), text: 'ISA11 standards identifier is invalid' },
  DS_X12_ISA_VERSION_INVALID: { ack: ta1('017'), text: 'ISA12 version is invalid (5 digits)' },
  DS_X12_ISA_CONTROL_INVALID: { ack: ta1('018'), text: 'ISA13 control number is invalid (9 digits)' },
  DS_X12_ISA_ACK_REQUESTED_INVALID: {
    ack: ta1('019'),
    text: 'ISA14 acknowledgment requested is invalid (0 or 1)',
  },
  DS_X12_ISA_USAGE_INVALID: { ack: ta1('020'), text: 'ISA15 usage indicator is invalid (P, T or I)' },
  DS_X12_IEA_GROUP_COUNT_MISMATCH: { ack: ta1('021'), text: 'IEA01 does not match the number of groups' },
  DS_X12_CONTROL_STRUCTURE_INVALID: {
    ack: ta1('022'),
    text: 'the envelope structure is invalid (a segment outside its GS/GE or ST/SE)',
  },
  DS_X12_IEA_MISSING: { ack: ta1('023'), text: 'the file ends before IEA: premature end of interchange' },
  DS_X12_GS_INVALID: { ack: ta1('024'), text: 'the GS segment is invalid' },
  DS_X12_ISA_CONTROL_DUPLICATE: { ack: ta1('025'), text: 'ISA13 repeats an interchange control number' },
  DS_X12_ELEMENT_SEPARATOR_INVALID: { ack: ta1('026'), text: 'the data element separator is invalid' },
  DS_X12_COMPONENT_SEPARATOR_INVALID: { ack: ta1('027'), text: 'the component element separator is invalid' },
  // Functional group (AK905).
  DS_X12_GROUP_NOT_SUPPORTED: { ack: ak9('1'), text: 'the functional group (GS01) is not supported' },
  DS_X12_GROUP_VERSION_UNSUPPORTED: { ack: ak9('2'), text: 'the group version (GS08) is not supported' },
  DS_X12_GE_MISSING: { ack: ak9('3'), text: 'the functional group trailer GE is missing' },
  DS_X12_GS_GE_CONTROL_MISMATCH: { ack: ak9('4'), text: 'GE02 does not match GS06' },
  DS_X12_GE_SET_COUNT_MISMATCH: { ack: ak9('5'), text: 'GE01 does not match the number of transaction sets' },
  DS_X12_GS_CONTROL_INVALID: { ack: ak9('6'), text: 'GS06 group control number violates syntax' },
  DS_X12_GS_CONTROL_DUPLICATE: {
    ack: ak9('19'),
    text: 'GS06 repeats a group control number within the interchange',
  },
  // Transaction set (AK502).
  DS_X12_SET_NOT_SUPPORTED: { ack: ak5('1'), text: 'this transaction set is not supported' },
  DS_X12_SE_MISSING: { ack: ak5('2'), text: 'the transaction set trailer SE is missing' },
  DS_X12_ST_SE_CONTROL_MISMATCH: { ack: ak5('3'), text: 'SE02 does not match ST02' },
  DS_X12_SE_COUNT_MISMATCH: { ack: ak5('4'), text: 'SE01 does not match the number of segments' },
  DS_X12_ST_ID_INVALID: { ack: ak5('6'), text: 'ST01 transaction set identifier is missing or invalid' },
  DS_X12_ST_CONTROL_INVALID: { ack: ak5('7'), text: 'ST02 control number is missing or invalid' },
  DS_X12_ST_CONTROL_DUPLICATE: {
    ack: ak5('23'),
    text: 'ST02 repeats a transaction set control number within the group',
  },
  // Segment (AK304).
  DS_X12_SEGMENT_UNRECOGNIZED: { ack: ak3('1'), text: 'unrecognized segment id' },
  DS_X12_SEGMENT_UNEXPECTED: { ack: ak3('2'), text: 'unexpected segment' },
  DS_X12_SEGMENT_MISSING: { ack: ak3('3'), text: 'a mandatory segment is missing' },
  DS_X12_LOOP_OVER_MAX: { ack: ak3('4'), text: 'the loop occurs more times than allowed' },
  DS_X12_SEGMENT_OVER_MAX: { ack: ak3('5'), text: 'the segment occurs more times than allowed' },
  DS_X12_SEGMENT_NOT_IN_SET: { ack: ak3('6'), text: 'the segment is not defined in this transaction set' },
  DS_X12_SEGMENT_OUT_OF_ORDER: { ack: ak3('7'), text: 'the segment is not in its proper sequence' },
  // Element (AK403).
  DS_X12_ELEMENT_MISSING: { ack: ak4('1'), text: 'a mandatory data element is missing' },
  DS_X12_ELEMENT_CONDITIONAL_MISSING: {
    ack: ak4('2'),
    text: 'a conditionally required data element is missing',
  },
  DS_X12_ELEMENT_TOO_MANY: { ack: ak4('3'), text: 'the segment has too many data elements' },
  DS_X12_ELEMENT_TOO_SHORT: { ack: ak4('4'), text: 'the data element is too short' },
  DS_X12_ELEMENT_TOO_LONG: { ack: ak4('5'), text: 'the data element is too long' },
  DS_X12_ELEMENT_INVALID_CHARACTER: { ack: ak4('6'), text: 'the data element has an invalid character' },
  DS_X12_ELEMENT_INVALID_CODE: { ack: ak4('7'), text: 'the code value is not one the standard allows' },
  DS_X12_ELEMENT_INVALID_DATE: { ack: ak4('8'), text: 'the date is invalid' },
  DS_X12_ELEMENT_INVALID_TIME: { ack: ak4('9'), text: 'the time is invalid' },
  DS_X12_ELEMENT_EXCLUSION_VIOLATED: {
    ack: ak4('10'),
    text: 'elements that exclude each other are both present',
  },
  DS_X12_ELEMENT_TOO_MANY_REPETITIONS: {
    ack: ak4('12'),
    text: 'the element repeats more times than allowed',
  },
  DS_X12_ELEMENT_TOO_MANY_COMPONENTS: { ack: ak4('13'), text: 'the composite has too many components' },
  DS_X12_HL_INVALID: {
    ack: ak4('7'),
    text: 'the HL hierarchy is invalid (HL01 sequence, HL02 parent or HL03 level nesting)',
  },
} as const satisfies Record<string, IssueDef>;

export type IssueCode = keyof typeof ISSUES;

/** One finding, with where it is and what X12 calls it. */
export interface X12Issue {
  readonly code: IssueCode;
  readonly ack: AckCode;
  readonly pos: Pos;
  /** Copy of the bad value (AK404 / IK404), when an element is at fault. */
  readonly value?: string;
  /** Data element number (AK402), when an element is at fault. */
  readonly elementRef?: string;
  /** Loop id (AK303), for segment findings inside a loop. */
  readonly loop?: string;
  /** Extra words for this occurrence (expected vs found). */
  readonly detail?: string;
}

/** Build an issue from the catalogue. */
export function issue(
  code: IssueCode,
  pos: Pos,
  extra: { value?: string; elementRef?: string; loop?: string; detail?: string } = {},
): X12Issue {
  return { code, ack: ISSUES[code].ack, pos, ...extra };
}

/** One line in plain words: code, place, explanation, and the bad value. */
export function describeIssue(i: X12Issue): string {
  const where = [`line ${i.pos.line}`];
  if (i.pos.segment > 0) where.push(`segment ${i.pos.segment}`);
  if (i.pos.tag) {
    const el = i.pos.element ? String(i.pos.element).padStart(2, '0') : '';
    const comp = i.pos.component ? `-${i.pos.component}` : '';
    where.push(`${i.pos.tag}${el}${comp}`);
  }
  const value = i.value !== undefined ? ` (got "${i.value}")` : '';
  const detail = i.detail ? `: ${i.detail}` : '';
  return `${i.code} at ${where.join(' ')}: ${ISSUES[i.code].text}${detail}${value}`;
}
