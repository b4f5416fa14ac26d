// X12 997 / 999 functional acknowledgements and TA1 interchange acknowledgements →
// `acknowledgement.received` data.
import type {
  AckError,
  AckSet,
  AckStatus,
  AcknowledgementReceived,
} from '../../../canonical/types.generated';
import { components, type Delimiters, type ParsedSet, type X12Segment } from '../model';
import { compact, el, integer, text } from './common';

/**
 * AK501/IK501, AK901 and TA104 codes → canonical status. M, W and X (999/997 rejections
 * for authentication, assurance and decryption failures) are rejections too.
 */
export const ACK_STATUS: Readonly<Record<string, AckStatus>> = {
  A: 'accepted',
  E: 'accepted-with-errors',
  P: 'partially-accepted',
  R: 'rejected',
  M: 'rejected',
  W: 'rejected',
  X: 'rejected',
};

function statusOf(seg: X12Segment | undefined, n: number): AckStatus | undefined {
  const code = el(seg, n);
  return code === undefined ? undefined : ACK_STATUS[code];
}

/** A positive integer element, or undefined (positions in AK3/AK4 are N0). */
function position(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/** Error codes in elements `from`..`to` (AK502–AK506, AK905–AK909), each its own error. */
function codes(seg: X12Segment, from: number, to: number, level: AckError['level']): AckError[] {
  const out: AckError[] = [];
  for (let n = from; n <= to; n++) {
    const code = el(seg, n);
    if (code !== undefined) out.push({ level, code });
  }
  return out;
}

/**
 * Map a 997 or 999. AK3/IK3 become segment errors (AK301 segment id, AK302 position from
 * ST = 1, AK303 loop id, AK304 code); AK4/IK4 element errors (AK401 position, with its
 * component position after the component separator, AK402 element reference, AK403 code,
 * AK404 copy of the bad value) and carry the segment of the AK3 before them.
 */
export function mapAcknowledgement(set: ParsedSet): AcknowledgementReceived {
  const delimiters: Delimiters = set.interchange.delimiters;
  let ak1: X12Segment | undefined;
  let ak9: X12Segment | undefined;
  const sets: AckSet[] = [];
  let current: AckSet | undefined;
  let segmentError: AckError | undefined;

  for (const seg of set.segments) {
    switch (seg.tag) {
      case 'AK1':
        ak1 = seg;
        break;
      case 'AK2':
        // AK201 set id, AK202 its ST02; its AK5/IK5 sets the status.
        // status is a placeholder until AK5/IK5 gives it; `finishSet` drops it when none came,
        // so the validator reports the missing AK5 instead of a status being invented.
        current = {
          setId: el(seg, 1),
          controlNumber: el(seg, 2) as string,
          status: undefined as unknown as AckStatus,
          errors: [],
        };
        sets.push(current);
        segmentError = undefined;
        break;
      case 'AK3':
      case 'IK3':
        segmentError = compact({
          level: 'segment' as const,
          code: el(seg, 4) as string,
          segmentId: el(seg, 1),
          segmentPosition: position(el(seg, 2)),
          loopId: el(seg, 3),
        });
        current?.errors.push(segmentError);
        break;
      case 'AK4':
      case 'IK4': {
        const [elementPos, componentPos] = components(el(seg, 1) ?? '', delimiters);
        current?.errors.push(
          compact({
            level: 'element' as const,
            code: el(seg, 3) as string,
            segmentId: segmentError?.segmentId,
            segmentPosition: segmentError?.segmentPosition,
            elementPosition: position(elementPos),
            componentPosition: position(componentPos),
            elementReference: el(seg, 2),
            value: text(seg, 4),
          }),
        );
        break;
      }
      case 'AK5':
      case 'IK5':
        if (current) {
          const status = statusOf(seg, 1);
          if (status !== undefined) current.status = status;
          current.errors.push(...codes(seg, 2, 6, 'set'));
        }
        break;
      case 'AK9':
        ak9 = seg;
        break;
    }
  }
  // A missing code or status is left out, never invented: the schema validator then reports it.
  return compact({
    ackType: set.id === '999' ? ('999' as const) : ('997' as const),
    // AK101 functional id of the acknowledged group, AK102 its GS06.
    functionalId: el(ak1, 1),
    groupControlNumber: el(ak1, 2),
    status: statusOf(ak9, 1) as AckStatus,
    // AK902 sets included, AK903 received, AK904 accepted.
    setsIncluded: integer(ak9, 2),
    setsReceived: integer(ak9, 3),
    setsAccepted: integer(ak9, 4),
    errors: ak9 && codes(ak9, 5, 9, 'group').length > 0 ? codes(ak9, 5, 9, 'group') : undefined,
    sets: sets.map((s) => compact(s)),
  });
}

/**
 * Map a TA1 (interchange acknowledgement, between ISA and GS): TA101 the acknowledged ISA13,
 * TA104 A/E/R, TA105 note code (000 = no error, so not an error).
 */
export function mapTa1(ta1: X12Segment): AcknowledgementReceived {
  const note = el(ta1, 5);
  return compact({
    ackType: 'TA1' as const,
    interchangeControlNumber: el(ta1, 1),
    status: statusOf(ta1, 4) as AckStatus,
    errors:
      note !== undefined && note !== '000' ? [{ level: 'interchange' as const, code: note }] : undefined,
    sets: [],
  });
}
