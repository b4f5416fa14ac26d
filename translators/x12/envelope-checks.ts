// Field checks of the ISA and GS headers, with the TA105 / AK905 codes X12 gives them.
import type { Delimiters, GroupHeader, InterchangeHeader } from './model';
import { issue, IssueCode, Pos, X12Issue } from './issues';
import { validDate, validTime } from './element-validator';

// ISA05/ISA07 (I05): partners use many qualifiers beyond the common list (e.g. '1B'), so the
// check is the element's form, two alphanumerics, not a closed list.
const ID_QUALIFIER = /^[A-Z0-9]{2}$/;
const DIGITS = /^\d+$/;

/** Read the ISA elements into a header. */
export function interchangeHeader(
  e: readonly string[],
  delimiters: Delimiters,
  offset: number,
): InterchangeHeader {
  return {
    authQualifier: e[1],
    authInfo: e[2],
    securityQualifier: e[3],
    securityInfo: e[4],
    senderQualifier: e[5],
    senderId: e[6],
    receiverQualifier: e[7],
    receiverId: e[8],
    date: e[9],
    time: e[10],
    repetitionOrStandard: e[11],
    version: e[12],
    control: e[13],
    ackRequested: e[14],
    usage: e[15],
    delimiters,
    offset,
  };
}

/** Check ISA01–ISA15; each finding is a TA105 code. */
export function checkIsa(h: InterchangeHeader, at: Pos): X12Issue[] {
  const out: X12Issue[] = [];
  const bad = (code: IssueCode, element: number, value: string) =>
    out.push(issue(code, { ...at, tag: 'ISA', element }, { value }));
  if (!['00', '01', '02', '03', '04', '05', '06'].includes(h.authQualifier))
    bad('DS_X12_ISA_AUTH_QUALIFIER_INVALID', 1, h.authQualifier);
  if (h.authInfo.length !== 10) bad('DS_X12_ISA_AUTH_INFO_INVALID', 2, h.authInfo);
  if (!['00', '01'].includes(h.securityQualifier))
    bad('DS_X12_ISA_SECURITY_QUALIFIER_INVALID', 3, h.securityQualifier);
  if (h.securityInfo.length !== 10) bad('DS_X12_ISA_SECURITY_INFO_INVALID', 4, h.securityInfo);
  if (!ID_QUALIFIER.test(h.senderQualifier)) bad('DS_X12_ISA_SENDER_QUALIFIER_INVALID', 5, h.senderQualifier);
  if (h.senderId.length !== 15 || h.senderId.trim() === '')
    bad('DS_X12_ISA_SENDER_ID_INVALID', 6, h.senderId);
  if (!ID_QUALIFIER.test(h.receiverQualifier))
    bad('DS_X12_ISA_RECEIVER_QUALIFIER_INVALID', 7, h.receiverQualifier);
  if (h.receiverId.length !== 15 || h.receiverId.trim() === '')
    bad('DS_X12_ISA_RECEIVER_ID_INVALID', 8, h.receiverId);
  if (h.date.length !== 6 || !validDate(h.date)) bad('DS_X12_ISA_DATE_INVALID', 9, h.date);
  if (h.time.length !== 4 || !validTime(h.time)) bad('DS_X12_ISA_TIME_INVALID', 10, h.time);
  if (h.version.length !== 5 || !DIGITS.test(h.version)) bad('DS_X12_ISA_VERSION_INVALID', 12, h.version);
  else if (h.version < '00402' && h.repetitionOrStandard !== 'U')
    bad('DS_X12_ISA_STANDARDS_ID_INVALID', 11, h.repetitionOrStandard);
  if (h.control.length !== 9 || !DIGITS.test(h.control)) bad('DS_X12_ISA_CONTROL_INVALID', 13, h.control);
  if (h.ackRequested !== '0' && h.ackRequested !== '1')
    bad('DS_X12_ISA_ACK_REQUESTED_INVALID', 14, h.ackRequested);
  if (!['P', 'T', 'I'].includes(h.usage)) bad('DS_X12_ISA_USAGE_INVALID', 15, h.usage);
  return out;
}

/** TA105 codes that reject the interchange; the others are noted (TA104 = E). */
// 018: acknowledgements and duplicate checks hinge on ISA13, so a malformed one rejects.
const REJECTING = new Set(['001', '003', '004', '018', '021', '022', '023', '024', '025', '026', '027']);

/** TA104 verdict from the interchange-level findings. */
export function interchangeStatus(issues: readonly X12Issue[]): 'A' | 'E' | 'R' {
  let status: 'A' | 'E' | 'R' = 'A';
  for (const i of issues) {
    if (i.ack.level !== 'interchange') continue;
    if (REJECTING.has(i.ack.code)) return 'R';
    status = 'E';
  }
  return status;
}

/** Read the GS elements into a header. */
export function groupHeader(e: readonly string[]): GroupHeader {
  return {
    functionalId: e[1] ?? '',
    sender: e[2] ?? '',
    receiver: e[3] ?? '',
    date: e[4] ?? '',
    time: e[5] ?? '',
    control: e[6] ?? '',
    agency: e[7] ?? '',
    version: e[8] ?? '',
  };
}

/** GS06 is N0 1/9. */
export function validGroupControl(control: string): boolean {
  return control.length >= 1 && control.length <= 9 && DIGITS.test(control);
}

/** Check GS01–GS08 beyond the control number; a bad GS is TA105 024. */
export function checkGs(h: GroupHeader, e: readonly string[], at: Pos): X12Issue[] {
  const problems: string[] = [];
  if (e.length - 1 < 8) problems.push(`GS has ${e.length - 1} elements, 8 expected`);
  if (!/^[A-Z0-9]{2}$/.test(h.functionalId)) problems.push(`GS01 "${h.functionalId}"`);
  if (h.sender.length < 2 || h.sender.length > 15) problems.push(`GS02 "${h.sender}"`);
  if (h.receiver.length < 2 || h.receiver.length > 15) problems.push(`GS03 "${h.receiver}"`);
  if (!validDate(h.date)) problems.push(`GS04 date "${h.date}"`);
  if (!validTime(h.time)) problems.push(`GS05 time "${h.time}"`);
  if (!['T', 'X'].includes(h.agency)) problems.push(`GS07 "${h.agency}"`);
  if (h.version.length < 1 || h.version.length > 12) problems.push(`GS08 "${h.version}"`);
  if (problems.length === 0) return [];
  return [issue('DS_X12_GS_INVALID', { ...at, tag: 'GS' }, { detail: problems.join(', ') })];
}
