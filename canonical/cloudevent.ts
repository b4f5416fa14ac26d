// The CloudEvents 1.0 envelope of every canonical event (DESIGN.md "Canonical events").
import { createHash } from 'node:crypto';

/** The canonical event types; each has a schema `canonical/schemas/<type>.v1.json`. */
export type EventType =
  | 'order.created'
  | 'shipment.confirmed'
  | 'invoice.received'
  | 'inventory.adjusted'
  | 'receipt.confirmed'
  | 'acknowledgement.received';

/** All event types, in a stable order. */
export const EVENT_TYPES: readonly EventType[] = [
  'order.created',
  'shipment.confirmed',
  'invoice.received',
  'inventory.adjusted',
  'receipt.confirmed',
  'acknowledgement.received',
];

/**
 * A canonical event: CloudEvents 1.0 attributes plus Dockside's extension attributes
 * (lower-case, as CloudEvents requires). Checked against `canonical/schemas/cloudevent.v1.json`.
 */
export interface CanonicalEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  type: EventType;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  partnerid: string;
  fileid?: string;
  sourceformat: string;
  interchangecontrol?: string;
  groupcontrol?: string;
  setcontrol?: string;
  data: T;
}

// Domain separation: ids of events never collide with other sha256-derived ids Dockside makes.
const ID_NAMESPACE = 'dockside.event.v1';

/**
 * Deterministic id: hash of the parts (X12: partner id + ISA13 + GS06 + ST02 (+ set type);
 * CSV/XML: file sha256 + record index). Same parts → same id.
 *
 * Format: a UUID version 8 (RFC 9562 §5.8, "custom") built from the first 128 bits of
 * sha256 over the length-prefixed parts, with the version nibble set to 8 and the variant
 * bits to 10. Why: ERPs and queues take UUIDs as idempotency keys (often a uuid column);
 * v5 would force SHA-1, v8 is the RFC's slot for a name-based UUID with SHA-256
 * (RFC 9562 appendix B.2). Length prefixes make ['ab','c'] and ['a','bc'] hash differently.
 */
export function eventId(parts: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${ID_NAMESPACE}\n`);
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:${part}\n`);
  const b = hash.digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80; // version 8
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10xx
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where the schema of an event type lives (the CloudEvents `dataschema` attribute). */
export function dataSchemaOf(type: EventType): string {
  return `canonical/schemas/${type}.v1.json`;
}

/** The CloudEvents `source` of a partner's events. */
export function sourceOf(partnerId: string): string {
  return `dockside/partners/${partnerId}`;
}

/**
 * Build the envelope around `data`. Keys are set in one fixed order and absent optional
 * attributes are left out (never undefined), so `JSON.stringify` of the same input is
 * byte-identical. The event is not validated here: call `validateEvent`.
 */
export function makeEvent<T>(input: {
  type: EventType;
  partnerId: string;
  fileId?: string;
  subject: string;
  time: string;
  sourceFormat: string;
  idParts: readonly string[];
  x12?: { interchange: string; group: string; set: string };
  data: T;
}): CanonicalEvent<T> {
  const event: CanonicalEvent<T> = {
    specversion: '1.0',
    id: eventId(input.idParts),
    type: input.type,
    source: sourceOf(input.partnerId),
    subject: input.subject,
    time: input.time,
    datacontenttype: 'application/json',
    dataschema: dataSchemaOf(input.type),
    partnerid: input.partnerId,
  } as CanonicalEvent<T>;
  if (input.fileId !== undefined) event.fileid = input.fileId;
  event.sourceformat = input.sourceFormat;
  if (input.x12) {
    event.interchangecontrol = input.x12.interchange;
    event.groupcontrol = input.x12.group;
    event.setcontrol = input.x12.set;
  }
  event.data = input.data;
  return event;
}
