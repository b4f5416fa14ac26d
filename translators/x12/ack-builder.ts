// Builds the acknowledgements for one inbound interchange: a TA1 when asked for or when the
// envelope is bad, and a 997 (or 999) per functional group — AK1, an AK2 per set, AK3/AK4
// (IK3/IK4) per finding, AK5 (IK5) and AK9. Never an acknowledgement for an acknowledgement.
import type { X12Issue } from './issues';
import type { GroupResult, InterchangeResult, SetResult } from './results';
import {
  DEFAULT_WRITE_DELIMITERS,
  fixed,
  sanitizeValue,
  SegmentOut,
  WriteDelimiters,
  writeSegments,
} from './writer';

/** Where control numbers come from: the gateway keeps them per partner in the database. */
export interface ControlNumbers {
  next(kind: 'interchange' | 'group' | 'set'): number;
}

/** Control numbers counting from 1, for offline use (CLI, tests). */
export function counterControlNumbers(start = 1): ControlNumbers {
  const n = { interchange: start, group: start, set: start };
  return { next: (kind) => n[kind]++ };
}

export interface AckOptions {
  /** 997 (default) or 999 (005010X231A1). */
  readonly type?: '997' | '999';
  /** TA1 policy: never, when ISA14 = 1 or the envelope is bad (default), or always. */
  readonly ta1?: 'never' | 'on-request' | 'always';
  /** AK2 for every set (default) or only for sets with errors. */
  readonly mode?: 'all' | 'errors-only';
  readonly delimiters?: WriteDelimiters;
  /** Our identity; by default the inbound receiver (sender and receiver are swapped). */
  readonly sender?: { readonly qualifier: string; readonly id: string; readonly gs?: string };
  readonly controls?: ControlNumbers;
  readonly now?: () => Date;
}

/** Functional identifier of acknowledgement groups: these are never acknowledged. */
const ACK_GROUP = 'FA';

/** Build the acknowledgement interchange for `ic`, or undefined when nothing is to be sent. */
export function buildAcks(ic: InterchangeResult, options: AckOptions = {}): string | undefined {
  const type = options.type ?? '997';
  const d = options.delimiters ?? DEFAULT_WRITE_DELIMITERS;
  const controls = options.controls ?? counterControlNumbers();
  const now = (options.now ?? (() => new Date()))();
  const groups = ic.groups.filter((g) => g.header.functionalId !== ACK_GROUP);
  const onlyAcks = groups.length === 0 && (ic.groups.length > 0 || ic.ta1.length > 0);
  const ta1 = !onlyAcks && wantsTa1(ic, options.ta1 ?? 'on-request');
  if (!ta1 && groups.length === 0) return undefined;

  // Inbound values are copied into the ack: a partner's data must not break our delimiters.
  const c = (v: string) => sanitizeValue(v, d, 80);
  const h = ic.header;
  const version = /^\d{5}$/.test(h.version) ? h.version : '00401';
  const sender = options.sender ?? { qualifier: c(h.receiverQualifier), id: c(h.receiverId.trim()) };
  const icControl = String(controls.next('interchange')).padStart(9, '0');
  const segments: SegmentOut[] = [
    [
      'ISA',
      '00',
      fixed('', 10),
      '00',
      fixed('', 10),
      sender.qualifier,
      fixed(sender.id, 15),
      c(h.senderQualifier),
      fixed(c(h.senderId.trim()), 15),
      yymmdd(now),
      hhmm(now),
      version >= '00402' ? d.repetition : 'U',
      version,
      icControl,
      '0',
      h.usage === 'T' ? 'T' : 'P',
      d.component,
    ],
  ];
  if (ta1) {
    const code = ic.issues.find((i) => i.ack.level === 'interchange');
    const ta105 = code && code.ack.level === 'interchange' ? code.ack.code : '000';
    segments.push(['TA1', c(h.control), c(h.date), c(h.time), ic.status, ta105]);
  }
  // One FA group per acknowledgement version, in order of first appearance.
  const byVersion = new Map<string, GroupResult[]>();
  for (const g of groups) {
    const v = ackVersion(g, type);
    const list = byVersion.get(v);
    if (list) list.push(g);
    else byVersion.set(v, [g]);
  }
  for (const [v, list] of byVersion) {
    const gsControl = String(controls.next('group'));
    const first = list[0].header;
    const ourGs = sender.gs ?? c(first.receiver);
    segments.push(['GS', ACK_GROUP, ourGs, c(first.sender), ccyymmdd(now), hhmm(now), gsControl, 'X', v]);
    for (const g of list) segments.push(...ackSet(g, type, v, options.mode ?? 'all', d, controls));
    segments.push(['GE', String(list.length), gsControl]);
  }
  segments.push(['IEA', String(byVersion.size), icControl]);
  return writeSegments(segments, d);
}

function wantsTa1(ic: InterchangeResult, policy: 'never' | 'on-request' | 'always'): boolean {
  if (policy === 'never') return false;
  if (policy === 'always') return true;
  return ic.header.ackRequested === '1' || ic.status !== 'A';
}

/** GS08 of the acknowledgement group. */
function ackVersion(g: GroupResult, type: '997' | '999'): string {
  if (type === '999') return '005010X231A1';
  const v = g.header.version.slice(0, 6);
  return /^\d{6}$/.test(v) ? v : '004010';
}

/** One 997/999 transaction set acknowledging group `g`. */
function ackSet(
  g: GroupResult,
  type: '997' | '999',
  version: string,
  mode: 'all' | 'errors-only',
  d: WriteDelimiters,
  controls: ControlNumbers,
): SegmentOut[] {
  const c = (v: string) => sanitizeValue(v, d, 80);
  const v5010 = version >= '005010';
  const control = String(controls.next('set')).padStart(4, '0');
  const out: SegmentOut[] = [];
  out.push(type === '999' ? ['ST', '999', control, version] : ['ST', '997', control]);
  const ak1: SegmentOut = ['AK1', c(g.header.functionalId), c(g.header.control)];
  out.push(v5010 ? [...ak1, c(g.header.version)] : ak1);
  for (const s of g.sets) {
    if (mode === 'errors-only' && s.status === 'A') continue;
    out.push(...ackSetResponse(s, type, d));
  }
  const groupCodes = g.issues.flatMap((i) => (i.ack.level === 'group' ? [i.ack.code] : [])).slice(0, 5);
  out.push([
    'AK9',
    g.status,
    String(g.declaredSets),
    String(g.receivedSets),
    String(g.acceptedSets),
    ...groupCodes,
  ]);
  out.push(['SE', String(out.length + 1), control]);
  return out;
}

/** AK4 / IK4: element position (and component), data element number, code, copy of the value. */
function elementNote(i: X12Issue, tag: string, d: WriteDelimiters): SegmentOut {
  const where = i.pos.component ? [String(i.pos.element), String(i.pos.component)] : String(i.pos.element);
  const code = i.ack.level === 'element' ? i.ack.code : '';
  return [tag, where, i.elementRef ?? '', code, i.value !== undefined ? sanitizeValue(i.value, d) : ''];
}

/** AK2 … AK5 (or AK2, IK3/IK4, IK5) for one set. */
function ackSetResponse(s: SetResult, type: '997' | '999', d: WriteDelimiters): SegmentOut[] {
  const out: SegmentOut[] = [];
  const c = (v: string) => sanitizeValue(v, d, 80);
  const ak2: SegmentOut = ['AK2', c(s.id), c(s.control)];
  out.push(type === '999' && s.implementation ? [...ak2, c(s.implementation)] : ak2);
  const seg = type === '999' ? 'IK3' : 'AK3';
  const el = type === '999' ? 'IK4' : 'AK4';
  const setCodes = s.issues.flatMap((i) => (i.ack.level === 'set' ? [i.ack.code] : []));
  // Segment and element findings in segment order; element findings of one segment share
  // one AK3 (code 8) followed by their AK4s.
  const found = s.issues
    .filter((i) => i.ack.level === 'segment' || i.ack.level === 'element')
    .sort((a, b) => a.pos.segment - b.pos.segment);
  const segmentErrors = found.length > 0;
  for (let k = 0; k < found.length; k++) {
    const i = found[k];
    if (i.ack.level === 'segment') {
      out.push([seg, c(i.pos.tag ?? ''), String(i.pos.segment), i.loop ?? '', i.ack.code]);
      continue;
    }
    out.push([seg, c(i.pos.tag ?? ''), String(i.pos.segment), i.loop ?? '', '8']);
    let n = 0;
    for (
      ;
      k < found.length && found[k].ack.level === 'element' && found[k].pos.segment === i.pos.segment;
      k++
    ) {
      if (n++ < 99) out.push(elementNote(found[k], el, d));
    }
    k--;
  }
  if (segmentErrors) setCodes.push('5');
  out.push([type === '999' ? 'IK5' : 'AK5', s.status, ...setCodes.slice(0, 5)]);
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');
function yymmdd(t: Date): string {
  return two(t.getUTCFullYear() % 100) + two(t.getUTCMonth() + 1) + two(t.getUTCDate());
}
function ccyymmdd(t: Date): string {
  return String(t.getUTCFullYear()) + two(t.getUTCMonth() + 1) + two(t.getUTCDate());
}
function hhmm(t: Date): string {
  return two(t.getUTCHours()) + two(t.getUTCMinutes());
}
