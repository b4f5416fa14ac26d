import { makeEvent, type CanonicalEvent, type EventType } from '../../canonical/cloudevent';
import { validateEvent } from '../../canonical/validate';

function event(type: EventType, data: unknown): CanonicalEvent {
  return makeEvent({
    type,
    partnerId: 'acme',
    fileId: 'sha256-abc',
    subject: 'KEY-1',
    time: '2026-01-02T03:04:05Z',
    sourceFormat: 'csv',
    idParts: ['sha256-abc', '0'],
    data,
  });
}

const valid: Record<EventType, unknown> = {
  'order.created': {
    purchaseOrderNumber: 'PO-1',
    purpose: '00',
    orderType: 'SA',
    orderDate: '2026-01-02',
    currency: 'USD',
    parties: [
      { role: 'shipTo', name: 'DC 1', address: { line1: '1 Main St', city: 'Austin', country: 'US' } },
    ],
    references: [{ qualifier: 'DP', value: '042' }],
    dates: [{ qualifier: '002', date: '2026-02-01' }],
    lines: [
      { lineNumber: '1', quantity: 12, unitOfMeasure: 'EA', unitPrice: '9.99', itemIds: { upc: '0123' } },
    ],
    totals: { lineCount: 1, quantity: 12 },
  },
  'shipment.confirmed': {
    shipmentId: 'SH-1',
    shipDate: '2026-01-02',
    shipTime: '13:45',
    carrier: { scac: 'UPSN', mode: 'U', trackingNumber: '1Z999' },
    billOfLading: 'BOL1',
    weight: { value: 12.5, unit: 'LB' },
    orders: [
      {
        purchaseOrderNumber: 'PO-1',
        packages: [
          {
            kind: 'pack',
            sscc: '00012345678901234567',
            lines: [{ quantityShipped: 6, itemIds: { sku: 'A' } }],
          },
        ],
        lines: [],
      },
    ],
  },
  'invoice.received': {
    invoiceNumber: 'INV-1',
    invoiceDate: '2026-01-02',
    terms: { type: '01', discountPercent: '2', discountDays: 10, netDays: 30 },
    lines: [{ quantity: 2, unitPrice: '480.00' }],
    allowancesCharges: [{ kind: 'charge', code: 'D240', amount: '15.00' }],
    totalAmount: '960.00',
  },
  'inventory.adjusted': {
    warehouseId: 'WH1',
    effectiveAt: '2026-01-02T03:04:05-05:00',
    adjustments: [{ sku: 'A', quantityDelta: -3, reasonCode: 'DAMAGED', lot: 'L1' }],
  },
  'receipt.confirmed': {
    receiptId: 'R1',
    receivedDate: '2026-01-02',
    lines: [{ sku: 'A', quantityReceived: 10, condition: 'good' }],
  },
  'acknowledgement.received': {
    ackType: '997',
    groupControlNumber: '1',
    status: 'accepted-with-errors',
    sets: [
      {
        controlNumber: '0001',
        status: 'accepted-with-errors',
        errors: [{ level: 'segment', code: '8', segmentId: 'N1', segmentPosition: 5 }],
      },
    ],
  },
};

describe('validateEvent', () => {
  it.each(Object.entries(valid))('accepts a valid %s event', (type, data) => {
    expect(validateEvent(event(type as EventType, data))).toEqual([]);
  });

  it('rejects empty strings: a field the source lacks is left out', () => {
    const errors = validateEvent(
      event('order.created', { ...(valid['order.created'] as object), currency: '' }),
    );
    expect(errors).toEqual([{ path: '/data/currency', message: 'must NOT have fewer than 1 characters' }]);
  });

  it('rejects money as a number or a malformed string', () => {
    const data = valid['invoice.received'] as Record<string, unknown>;
    expect(validateEvent(event('invoice.received', { ...data, totalAmount: 960 }))).toEqual([
      { path: '/data/totalAmount', message: 'must be string' },
    ]);
    expect(validateEvent(event('invoice.received', { ...data, totalAmount: '9.6e2' }))[0].path).toBe(
      '/data/totalAmount',
    );
    expect(validateEvent(event('invoice.received', { ...data, totalAmount: '1,234.00' }))[0].path).toBe(
      '/data/totalAmount',
    );
  });

  it('rejects quantities as strings', () => {
    const data = valid['receipt.confirmed'] as Record<string, unknown>;
    const errors = validateEvent(
      event('receipt.confirmed', { ...data, lines: [{ sku: 'A', quantityReceived: '10' }] }),
    );
    expect(errors).toEqual([{ path: '/data/lines/0/quantityReceived', message: 'must be number' }]);
  });

  it.each(['20260102', '2026-1-2', '2026-13-01', '2026-01-32', '02/01/2026'])(
    'rejects the date %p',
    (date) => {
      const errors = validateEvent(
        event('order.created', { ...(valid['order.created'] as object), orderDate: date }),
      );
      expect(errors.map((e) => e.path)).toEqual(['/data/orderDate']);
    },
  );

  it.each(['1345', '24:00', '13:60', '13:45:60', '1:45'])('rejects the time %p', (shipTime) => {
    const errors = validateEvent(
      event('shipment.confirmed', { ...(valid['shipment.confirmed'] as object), shipTime }),
    );
    expect(errors.map((e) => e.path)).toEqual(['/data/shipTime']);
  });

  it('rejects unknown properties and missing required ones, naming them', () => {
    const errors = validateEvent(
      event('receipt.confirmed', { receiptId: 'R1', lines: [{ sku: 'A', quantityReceived: 1 }], extra: 1 }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '/data', message: "missing required property 'receivedDate'" },
        { path: '/data', message: "unknown property 'extra'" },
      ]),
    );
  });

  it('checks the envelope: ISO time, id shape, dataschema and source consistent with type and partner', () => {
    const ok = event('receipt.confirmed', valid['receipt.confirmed']);
    expect(validateEvent({ ...ok, time: '2026-01-02 03:04' }).map((e) => e.path)).toEqual(['/time']);
    expect(validateEvent({ ...ok, id: 'not-a-uuid' }).map((e) => e.path)).toEqual(['/id']);
    expect(validateEvent({ ...ok, dataschema: 'canonical/schemas/order.created.v1.json' })).toEqual([
      {
        path: '/dataschema',
        message: "must be 'canonical/schemas/receipt.confirmed.v1.json' for type receipt.confirmed",
      },
    ]);
    expect(validateEvent({ ...ok, source: 'dockside/partners/other' }).map((e) => e.path)).toEqual([
      '/source',
    ]);
    expect(validateEvent({ ...ok, fileid: '' }).map((e) => e.path)).toEqual(['/fileid']);
  });

  it('reports an unknown type without throwing', () => {
    const bad = {
      ...event('receipt.confirmed', valid['receipt.confirmed']),
      type: 'order.deleted',
    } as unknown as CanonicalEvent;
    expect(validateEvent(bad)).toEqual([
      { path: '/type', message: expect.stringContaining('must be equal to one of the allowed values') },
    ]);
  });

  it('reports a value that is not an object without throwing', () => {
    expect(validateEvent(null as unknown as CanonicalEvent)).toEqual([
      { path: '', message: 'must be object' },
    ]);
  });
});
