// The CloudEvents 1.0 envelope of every canonical event (DESIGN.md "Canonical events").
import { hash } from 'node:crypto';

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
  // One-shot hash of one string: a Hash object and an update per part cost more than the
  // hashing itself (an event per transaction set, tens of thousands per file).
  let input = `${ID_NAMESPACE}\n`;
  for (const part of parts) input += `${Buffer.byteLength(part)}:${part}\n`;
  const hex = hash('sha256', input, 'hex');
  // Version nibble (hex digit 12) is 8; variant bits of byte 8 (hex digit 16) are 10xx.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Where the schema of an event type lives (the CloudEvents `dataschema` attribute). */
export function dataSchemaOf(type: EventType): string {
  return DATA_SCHEMAS.get(type) ?? `canonical/schemas/${type}.v1.json`;
}

const DATA_SCHEMAS = new Map<string, string>(EVENT_TYPES.map((t) => [t, `canonical/schemas/${t}.v1.json`]));

/** The CloudEvents `source` of a partner's events. */
export function sourceOf(partnerId: string): string {
  // A file's events share their partner: the last answer is reused (one string, not one per event).
  if (partnerId !== lastPartner) {
    lastPartner = partnerId;
    lastSource = `dockside/partners/${partnerId}`;
  }
  return lastSource;
}

let lastPartner: string | undefined;
let lastSource = '';

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
