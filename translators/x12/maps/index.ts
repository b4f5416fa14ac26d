// X12 → canonical: pick the map by ST01, wrap the data in its CloudEvents envelope, validate.
import { makeEvent, type CanonicalEvent, type EventType } from '../../../canonical/cloudevent';
import { DocksideError } from '../../../canonical/errors';
import { validateEvent, type EventValidationError } from '../../../canonical/validate';
import type { GroupHeader, InterchangeHeader, ParsedSet, X12Segment } from '../model';
import { mapAcknowledgement, mapTa1 } from './acknowledgement';
import { dateOf, el, timeOf, type SetDataBuilder } from './common';
import { HeldSet, SetRecorder } from './held-set';
import { mapInvoice810 } from './invoice-810';
import { mapOrder850, Order850Builder } from './order-850';
import { fastOrder850 } from './order-850-fast';
import { mapShipment856 } from './shipment-856';
import { applyCrossReference, appliesToX12, type CrossReference } from '../cross-reference';

/** Who the set came from and which stored file holds it. */
export interface MapContext {
  partnerId: string;
  fileId?: string;
  /** The partner's cross-reference tables (`sku`, `uom`, `location` apply to X12 events). */
  crossReference?: CrossReference;
}

/** A valid event, or the reasons there is none; no event and no error for sets with no map. */
export interface MapResult {
  event?: CanonicalEvent;
  errors: EventValidationError[];
}

export interface SetMap {
  type: EventType;
  map: (set: ParsedSet) => object;
  /** The business key, the event's `subject`. */
  subject: (data: never) => string | undefined;
  /** The same map fed segment by segment, so the engine need not keep the set's segments. */
  builder?: () => SetDataBuilder;
  /** A fast path over a held set for the common case; undefined: let the builder decide. */
  fast?: (held: HeldSet) => object | undefined;
}

/** The maps by transaction set id (ST01). */
export const SET_MAPS: Readonly<Record<string, SetMap>> = {
  '850': {
    type: 'order.created',
    map: mapOrder850,
    subject: (d: { purchaseOrderNumber?: string }) => d.purchaseOrderNumber,
    builder: () => new Order850Builder(),
    fast: fastOrder850,
  },
  '856': {
    type: 'shipment.confirmed',
    map: mapShipment856,
    subject: (d: { shipmentId?: string }) => d.shipmentId,
  },
  '810': {
    type: 'invoice.received',
    map: mapInvoice810,
    subject: (d: { invoiceNumber?: string }) => d.invoiceNumber,
  },
  '997': {
    type: 'acknowledgement.received',
    map: mapAcknowledgement,
    subject: (d: { groupControlNumber?: string }) => d.groupControlNumber,
  },
  '999': {
    type: 'acknowledgement.received',
    map: mapAcknowledgement,
    subject: (d: { groupControlNumber?: string }) => d.groupControlNumber,
  },
};

/**
 * X12 date + time as ISO 8601 UTC. X12 carries no time zone; UTC is the documented reading.
 * Time is HHMM[SS[DD]] (decimal seconds dropped).
 */
export function x12DateTime(date: string, time: string): string | undefined {
  const d = dateOf(date.trim());
  const t = timeOf(time.trim());
  if (d === undefined || t === undefined) return undefined;
  return `${d}T${t.length === 5 ? `${t}:00` : t}Z`;
}

/**
 * The version the partner sent: GS08's six-digit version/release ('004010VICS' → '004010',
 * '005010X231' → '005010'), not the schema family the set was validated against (a 004060
 * set is checked as 004010, but the ERP should see what came in).
 */
function sourceVersion(set: ParsedSet): string {
  return /^\d{6}/.exec(set.group.version.trim())?.[0] ?? set.version;
}

function failure(e: unknown): EventValidationError {
  if (e instanceof DocksideError && typeof e.context.path === 'string')
    return { path: e.context.path, message: e.message };
  return { path: '/x12', message: e instanceof Error ? e.message : String(e) };
}

function finish(event: CanonicalEvent): MapResult {
  const errors = validateEvent(event);
  return errors.length > 0 ? { errors } : { event, errors: [] };
}

/**
 * A set read and accepted, held until its interchange's verdict; `eventOf` then maps it (if it
 * was not mapped already) and wraps the data in its envelope, once the partner is known.
 */
export interface PreparedSet {
  /** ST01, ST02. */
  readonly id: string;
  readonly control: string;
  readonly interchange: InterchangeHeader;
  readonly group: GroupHeader;
  /** What the event needs; or why there is none; undefined when ST01 has no map. */
  readonly outcome?:
    | {
        readonly map: SetMap;
        readonly time: string;
        readonly sourceFormat: string;
        /** The data, for a set mapped from its parsed segments. */
        readonly data?: object;
        /** The recorded set, for a map with a builder: mapped by `eventOf`. */
        readonly held?: HeldSet;
      }
    | { readonly errors: EventValidationError[] };
}

/**
 * The reader's sink for a set with ST01 `id`: records it for `prepareSet` when its map has a
 * builder, ignores it when there is no map; undefined when the map needs the parsed set.
 */
export function setRecorder(id: string): SetRecorder | undefined {
  const setMap = SET_MAPS[id];
  if (!setMap) return new SetRecorder(false);
  return setMap.builder ? new SetRecorder(true) : undefined;
}

interface GroupFacts {
  readonly group: GroupHeader;
  readonly id: string;
  readonly version: string;
  readonly time: string | undefined;
  readonly sourceFormat: string;
}

let lastFacts: GroupFacts | undefined;

/** `time` and `sourceformat`, shared by a group's sets of one type: worked out once for them. */
function groupFacts(set: ParsedSet): GroupFacts {
  const last = lastFacts;
  if (last && last.group === set.group && last.id === set.id && last.version === set.version) return last;
  lastFacts = {
    group: set.group,
    id: set.id,
    version: set.version,
    time: x12DateTime(set.group.date, set.group.time),
    sourceFormat: `x12-${set.id}-${sourceVersion(set)}`,
  };
  return lastFacts;
}

/**
 * A set as `eventOf` wants it (see `mapSet`): held as `recorded` when the reader recorded it,
 * else mapped from its segments now (a map that throws gives errors, not data).
 */
export function prepareSet(set: ParsedSet, recorded?: SetRecorder): PreparedSet {
  const head = { id: set.id, control: set.control, interchange: set.interchange, group: set.group };
  const setMap = SET_MAPS[set.id];
  if (!setMap) return head;
  const { time, sourceFormat } = groupFacts(set);
  if (time === undefined) {
    return {
      ...head,
      outcome: {
        errors: [
          {
            path: '/x12/GS04',
            message: `GS04/GS05 '${set.group.date}' '${set.group.time}' is not a date and time`,
          },
        ],
      },
    };
  }
  if (recorded && setMap.builder) {
    return {
      ...head,
      outcome: { map: setMap, time, sourceFormat, held: recorded.hold(set.interchange.delimiters.element) },
    };
  }
  try {
    return { ...head, outcome: { map: setMap, time, sourceFormat, data: setMap.map(set) } };
  } catch (e) {
    return { ...head, outcome: { errors: [failure(e)] } };
  }
}

/** The event of a prepared set, validated: its envelope from `ctx` and the set's control numbers. */
export function eventOf(prepared: PreparedSet, ctx: MapContext): MapResult {
  const outcome = prepared.outcome;
  if (!outcome) return { errors: [] };
  if ('errors' in outcome) return { errors: outcome.errors };
  let data = outcome.data;
  if (data === undefined) {
    const held = outcome.held as HeldSet;
    const builder = outcome.map.builder as () => SetDataBuilder;
    try {
      data = outcome.map.fast?.(held) ?? held.replay(builder());
    } catch (e) {
      return { errors: [failure(e)] };
    }
  }
  if (appliesToX12(ctx.crossReference)) applyCrossReference(data, ctx.crossReference);
  const interchange = prepared.interchange.control;
  return finish(
    makeEvent({
      type: outcome.map.type,
      partnerId: ctx.partnerId,
      fileId: ctx.fileId,
      subject: outcome.map.subject(data as never) ?? '',
      time: outcome.time,
      sourceFormat: outcome.sourceFormat,
      idParts: [ctx.partnerId, interchange, prepared.group.control, prepared.control, prepared.id],
      x12: { interchange, group: prepared.group.control, set: prepared.control },
      data,
    }),
  );
}

/**
 * Map one transaction set. The event id is the hash of partner id, ISA13, GS06, ST02 and ST01;
 * `time` is GS04 + GS05; `sourceformat` is `x12-<ST01>-<GS08 version>`. An event that fails schema
 * validation comes back as errors, not as an event.
 */
export function mapSet(set: ParsedSet, ctx: MapContext): MapResult {
  return eventOf(prepareSet(set), ctx);
}

/**
 * Map a TA1 received inside `interchange`. Id parts: partner id, ISA13, 'TA1', TA101; time
 * from ISA09 (YYMMDD, windowed) + ISA10; `sourceformat` `x12-TA1-<ISA12>0` (00501 → 005010).
 */
export function mapInterchangeAck(
  ta1: X12Segment,
  interchange: InterchangeHeader,
  ctx: MapContext,
): MapResult {
  const time = x12DateTime(interchange.date, interchange.time);
  if (time === undefined) {
    return {
      errors: [
        {
          path: '/x12/ISA09',
          message: `ISA09/ISA10 '${interchange.date}' '${interchange.time}' is not a date and time`,
        },
      ],
    };
  }
  let data: ReturnType<typeof mapTa1>;
  try {
    data = mapTa1(ta1);
  } catch (e) {
    return { errors: [failure(e)] };
  }
  return finish(
    makeEvent({
      type: 'acknowledgement.received',
      partnerId: ctx.partnerId,
      fileId: ctx.fileId,
      subject: data.interchangeControlNumber ?? '',
      time,
      sourceFormat: `x12-TA1-${interchange.version}0`,
      idParts: [ctx.partnerId, interchange.control, 'TA1', el(ta1, 1) ?? ''],
      data,
    }),
  );
}
