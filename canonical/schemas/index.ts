// The canonical JSON Schemas as modules: imported (not read from disk) so that `tsc` copies
// them into dist/ and validators work the same from source, tests and the build.
import type { EventType } from '../cloudevent';
import acknowledgementReceived from './acknowledgement.received.v1.json';
import cloudevent from './cloudevent.v1.json';
import common from './common.v1.json';
import inventoryAdjusted from './inventory.adjusted.v1.json';
import invoiceReceived from './invoice.received.v1.json';
import orderCreated from './order.created.v1.json';
import receiptConfirmed from './receipt.confirmed.v1.json';
import shipmentConfirmed from './shipment.confirmed.v1.json';

/** A JSON Schema document as loaded from its file. */
export type SchemaDocument = Record<string, unknown> & { $id: string; title: string };

/** Shared definitions referenced as `common.v1.json#/definitions/<name>`. */
export const commonSchema = common as SchemaDocument;

/** The CloudEvents envelope schema. */
export const envelopeSchema = cloudevent as SchemaDocument;

/** The data schema of each event type. */
export const dataSchemas: Readonly<Record<EventType, SchemaDocument>> = {
  'order.created': orderCreated as SchemaDocument,
  'shipment.confirmed': shipmentConfirmed as SchemaDocument,
  'invoice.received': invoiceReceived as SchemaDocument,
  'inventory.adjusted': inventoryAdjusted as SchemaDocument,
  'receipt.confirmed': receiptConfirmed as SchemaDocument,
  'acknowledgement.received': acknowledgementReceived as SchemaDocument,
};
