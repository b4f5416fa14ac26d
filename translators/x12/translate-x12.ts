// X12 file → canonical events, acknowledgements and errors. Pure: bytes in, data out.
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { InterchangeHeader, ParsedSet } from './model';
import { analyzeX12 } from './analyze';
import { AckOptions, buildAcks } from './ack-builder';
import { describeIssue, X12Issue } from './issues';
import type { InterchangeResult, X12Report } from './results';
import { mapInterchangeAck, mapSet, MapResult } from './maps';
import type { TranslationError, Translation } from '../translation';

/** Who sent an interchange, and how to answer it. */
export interface X12Partner {
  readonly partnerId: string;
  readonly ack?: AckOptions;
}

export interface X12Context {
  /** sha256 hex of the file. */
  readonly fileId: string;
  /** The partner of each interchange, from its ISA sender; undefined when no profile matches. */
  readonly resolvePartner?: (header: InterchangeHeader) => X12Partner | undefined;
  /** Ack options when no partner profile gives them (control numbers, clock, delimiters). */
  readonly ack?: AckOptions;
}

/** Partner id used when no profile matches the ISA sender. */
export function unknownPartnerId(h: InterchangeHeader): string {
  return `x12-${h.senderQualifier.trim()}-${h.senderId.trim()}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** Translate an X12 file held in memory. */
export function translateX12(bytes: Buffer | string, ctx: X12Context): Translation & { report: X12Report } {
  const events: CanonicalEvent[] = [];
  const acks: string[] = [];
  const errors: TranslationError[] = [];
  let pending: ParsedSet[] = [];
  const collect = (
    mapped: MapResult,
    what: string,
    where: Pick<TranslationError, 'interchange' | 'group' | 'set'>,
  ) => {
    if (mapped.event) events.push(mapped.event);
    for (const e of mapped.errors) {
      errors.push({
        code: 'DS_CANONICAL_EVENT_INVALID',
        message: `${what}: event ${e.path} ${e.message}`,
        ...where,
      });
    }
  };
  const report = analyzeX12(bytes, {
    onSet: (set, accepted) => {
      if (accepted) pending.push(set);
    },
    observer: {
      interchange: (ic) => {
        const partner = ctx.resolvePartner?.(ic.header);
        const partnerId = partner?.partnerId ?? unknownPartnerId(ic.header);
        // A rejected interchange yields no events: the partner must send it again.
        if (ic.status !== 'R') {
          const where = { interchange: ic.header.control };
          const ctxMap = { partnerId, fileId: ctx.fileId };
          for (const ta1 of ic.ta1) collect(mapInterchangeAck(ta1, ic.header, ctxMap), 'TA1', where);
          for (const set of pending) {
            collect(mapSet(set, ctxMap), `set ${set.id} ${set.control}`, {
              ...where,
              group: set.group.control,
              set: set.control,
            });
          }
        }
        pending = [];
        const ack = buildAcks(ic, { ...ctx.ack, ...partner?.ack });
        if (ack) acks.push(ack);
        errors.push(...interchangeErrors(ic));
      },
    },
  });
  for (const i of report.issues) errors.push(toError(i, {}));
  return { format: 'x12', events, acks, errors, accepted: errors.length === 0, report };
}

function interchangeErrors(ic: InterchangeResult): TranslationError[] {
  const out: TranslationError[] = [];
  const interchange = ic.header.control;
  for (const i of ic.issues) out.push(toError(i, { interchange }));
  for (const g of ic.groups) {
    const group = g.header.control;
    for (const i of g.issues) out.push(toError(i, { interchange, group }));
    for (const s of g.sets)
      for (const i of s.issues) out.push(toError(i, { interchange, group, set: s.control }));
  }
  return out;
}

const ACK_ELEMENT = {
  interchange: 'TA105',
  group: 'AK905',
  set: 'AK502',
  segment: 'AK304',
  element: 'AK403',
};

function toError(
  i: X12Issue,
  where: { interchange?: string; group?: string; set?: string },
): TranslationError {
  return {
    code: i.code,
    message: describeIssue(i),
    ...(i.ack.level !== 'none' && { ack: `${ACK_ELEMENT[i.ack.level]}=${i.ack.code}` }),
    line: i.pos.line,
    offset: i.pos.offset,
    ...(i.pos.segment > 0 && { segment: i.pos.segment }),
    ...(i.pos.tag !== undefined && { tag: i.pos.tag }),
    ...(i.pos.element !== undefined && { element: i.pos.element }),
    ...(i.pos.component !== undefined && { component: i.pos.component }),
    ...(i.value !== undefined && { value: i.value }),
    ...where,
  };
}
