// X12 file → canonical events, acknowledgements and errors. Pure: bytes in, data out.
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { InterchangeHeader } from './model';
import { analyzeX12, analyzeX12Stream, AnalyzeOptions } from './analyze';
import { AckOptions, buildAcks } from './ack-builder';
import type { CrossReference } from './cross-reference';
import { describeIssue, X12Issue } from './issues';
import type { InterchangeResult } from './results';
import { eventOf, mapInterchangeAck, MapResult, PreparedSet, prepareSet, setRecorder } from './maps';
import type { SetRecorder } from './maps/held-set';
import type { AckOut, InterchangeSummary, SetSummary, TranslationError, Translation } from '../translation';

/** Findings listed per file; the rest are counted (DS_X12_FINDINGS_NOT_LISTED). */
export const MAX_FINDINGS = 10_000;
/**
 * Rejected interchanges after which a file is not read on (DS_X12_TOO_MANY_REJECTED): garbage
 * read as a run of broken interchanges would otherwise get a TA1 per fragment.
 */
export const MAX_REJECTED_INTERCHANGES = 100;

/** Who sent an interchange, and how to answer it. */
export interface X12Partner {
  readonly partnerId: string;
  readonly ack?: AckOptions;
  /** Cross-reference tables of the partner's profile (see cross-reference.ts). */
  readonly crossReference?: CrossReference;
}

export interface X12Context {
  /** sha256 hex of the file. */
  readonly fileId: string;
  /** The partner of each interchange, from its ISA sender; undefined when no profile matches. */
  readonly resolvePartner?: (header: InterchangeHeader) => X12Partner | undefined;
  /** Ack options when no partner profile gives them (control numbers, clock, delimiters). */
  readonly ack?: AckOptions;
  /**
   * Streams only: awaited every {@link SETS_PER_TURN} mapped sets, so the caller can let other
   * work run (an interchange of many thousand sets is otherwise mapped in one go).
   */
  readonly pause?: () => Promise<void>;
}

/** Sets mapped between two calls of `X12Context.pause`: a few milliseconds of work. */
export const SETS_PER_TURN = 100;

/** Partner id used when no profile matches the ISA sender. */
export function unknownPartnerId(h: InterchangeHeader): string {
  return `x12-${h.senderQualifier.trim()}-${h.senderId.trim()}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** Where a translation's results go as each interchange completes. */
export interface X12Sink {
  event(e: CanonicalEvent): void;
  ack(ack: AckOut): void;
  error(e: TranslationError): void;
  /** An interchange completed, with its sets' verdicts. */
  interchange?(summary: InterchangeSummary, sets: readonly SetSummary[]): void;
}

/**
 * The reader options that turn each completed interchange into events, an ack and errors:
 * accepted sets are held until their interchange's verdict (a rejected interchange yields no
 * events — the partner must send it again), then mapped. A set whose map has a builder (850)
 * is held as its recorded text, mapped at the verdict; others are mapped at their SE.
 */
function translation(
  ctx: X12Context,
  target: X12Sink,
): {
  options: AnalyzeOptions;
  drain(): Promise<void>;
  finish(fileIssues: readonly X12Issue[]): void;
} {
  let pending: PreparedSet[] = [];
  // The mapping and results of each completed interchange, in order: run at once in memory,
  // drained between input chunks (with pauses) when streaming.
  const steps: (() => void)[] = [];
  const pause = ctx.pause;
  const later = (step: () => void) => (pause ? steps.push(step) : step());
  // Bounded whatever the file: findings past MAX_FINDINGS are counted, not kept; a file whose
  // interchanges keep being rejected is not read on.
  let findings = 0;
  let rejected = 0;
  const sink: X12Sink = {
    ...target,
    error: (e) => {
      if (++findings <= MAX_FINDINGS) target.error(e);
    },
  };
  /** The recorder of the set being read, from its ST. */
  let recorder: SetRecorder | undefined;
  const collect = (
    mapped: MapResult,
    what: string,
    where: Pick<TranslationError, 'interchange' | 'group' | 'set'>,
  ) => {
    if (mapped.event) sink.event(mapped.event);
    for (const e of mapped.errors) {
      sink.error({
        code: 'DS_CANONICAL_EVENT_INVALID',
        message: `${what}: event ${e.path} ${e.message}`,
        ...where,
      });
    }
  };
  const options: AnalyzeOptions = {
    retain: false,
    keepSegments: true,
    halt: () => rejected > MAX_REJECTED_INTERCHANGES,
    setSegments: (id) => (recorder = setRecorder(id)),
    observer: {
      set: (set, result) => {
        const recorded = recorder;
        recorder = undefined;
        if (result.status !== 'R') pending.push(prepareSet(set, recorded));
      },
      interchange: (ic) => {
        const partner = ctx.resolvePartner?.(ic.header);
        const mapContext = {
          partnerId: partner?.partnerId ?? unknownPartnerId(ic.header),
          fileId: ctx.fileId,
          ...(partner?.crossReference && { crossReference: partner.crossReference }),
        };
        if (ic.status !== 'R') {
          const where = { interchange: ic.header.control };
          for (const ta1 of ic.ta1)
            later(() => collect(mapInterchangeAck(ta1, ic.header, mapContext), 'TA1', where));
          for (const set of pending) {
            later(() => {
              const mapped = eventOf(set, mapContext);
              if (mapped.errors.length === 0) {
                if (mapped.event) sink.event(mapped.event);
                return;
              }
              collect(mapped, `set ${set.id} ${set.control}`, {
                ...where,
                group: set.group.control,
                set: set.control,
              });
            });
          }
        }
        pending = [];
        if (ic.status === 'R') rejected++;
        later(() => results(ic, partner));
      },
    },
  };
  /** An interchange's ack, summary and findings, after its events. */
  const results = (ic: InterchangeResult, partner: X12Partner | undefined) => {
    const options = { ...ctx.ack, ...partner?.ack };
    const ack = buildAcks(ic, options);
    // The ack carries a 997/999 when a group other than an ack group (FA) was received.
    const functional = ic.groups.some((g) => g.header.functionalId !== 'FA');
    if (ack) sink.ack({ kind: functional ? (options.type ?? '997') : 'TA1', content: ack });
    sink.interchange?.(
      {
        control: ic.header.control,
        senderQualifier: ic.header.senderQualifier,
        senderId: ic.header.senderId.trim(),
      },
      ic.groups.flatMap((g) =>
        g.sets.map((s) => ({
          setId: s.id,
          interchange: ic.header.control,
          group: g.header.control,
          control: s.control,
          status: s.status,
        })),
      ),
    );
    for (const e of interchangeErrors(ic)) sink.error(e);
  };
  return {
    options,
    async drain() {
      let ran = 0;
      for (let i = 0; i < steps.length; i++) {
        steps[i]();
        if (++ran % SETS_PER_TURN === 0 && i + 1 < steps.length) await (pause as () => Promise<void>)();
      }
      steps.length = 0;
    },
    finish(fileIssues) {
      for (const i of fileIssues) sink.error(toError(i, {}));
      if (findings > MAX_FINDINGS) {
        target.error({
          code: 'DS_X12_FINDINGS_NOT_LISTED',
          message: `${findings - MAX_FINDINGS} more findings are not listed: a file lists its first ${MAX_FINDINGS}`,
        });
      }
    },
  };
}

function collector(): X12Sink & { result(): Translation } {
  const events: CanonicalEvent[] = [];
  const acks: AckOut[] = [];
  const errors: TranslationError[] = [];
  const interchanges: InterchangeSummary[] = [];
  const sets: SetSummary[] = [];
  return {
    event: (e) => events.push(e),
    ack: (a) => acks.push(a),
    error: (e) => errors.push(e),
    interchange: (summary, received) => {
      interchanges.push(summary);
      sets.push(...received);
    },
    result: () => {
      const x12 = { interchanges, sets, acks };
      return {
        format: 'x12',
        events,
        acks: acks.map((a) => a.content),
        errors,
        accepted: errors.length === 0,
        x12,
      };
    },
  };
}

/** Translate an X12 file held in memory. */
export function translateX12(bytes: Buffer | string, ctx: X12Context): Translation {
  const out = collector();
  const t = translation(ctx, out);
  t.finish(analyzeX12(bytes, t.options).issues);
  return out.result();
}

/** Translate an X12 stream, collecting the results as `translateX12` gives them. */
export async function collectX12Stream(
  input: AsyncIterable<Buffer | string>,
  ctx: X12Context,
): Promise<Translation> {
  const out = collector();
  await translateX12Stream(input, ctx, out);
  return out.result();
}

/**
 * Translate an X12 stream interchange by interchange: results go to `sink` as each interchange
 * completes, so memory is bounded by the largest interchange, not the file.
 */
export async function translateX12Stream(
  input: AsyncIterable<Buffer | string>,
  ctx: X12Context,
  sink: X12Sink,
): Promise<void> {
  const t = translation(ctx, sink);
  const report = await analyzeX12Stream(input, t.options, t.drain);
  await t.drain(); // what the end of the input completed
  t.finish(report.issues);
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
