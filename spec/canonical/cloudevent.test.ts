import { eventId, makeEvent } from '../../canonical/cloudevent';
import fc from 'fast-check';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('eventId', () => {
  it('is a version-8 UUID, the same for the same parts', () => {
    const id = eventId(['acme', '000000001', '1', '0001', '850']);
    expect(id).toMatch(UUID_V8);
    expect(eventId(['acme', '000000001', '1', '0001', '850'])).toBe(id);
    // Pinned: a change of algorithm would re-key every event the ERP has already seen.
    expect(id).toBe('510ccb52-dc90-8a31-a6f1-8b30a89ef6a3');
  });

  it('differs when any part differs, including how the parts are split', () => {
    expect(eventId(['ab', 'c'])).not.toBe(eventId(['a', 'bc']));
    expect(eventId(['a'])).not.toBe(eventId(['a', '']));
    expect(eventId(['acme', '1', '1', '0001'])).not.toBe(eventId(['acme', '1', '1', '0002']));
  });

  it('is deterministic and well-formed for any parts', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (parts) => {
        const id = eventId(parts);
        return UUID_V8.test(id) && id === eventId([...parts]);
      }),
    );
  });
});

describe('makeEvent', () => {
  const input = {
    type: 'order.created' as const,
    partnerId: 'acme',
    subject: 'PO-1',
    time: '2026-01-02T03:04:00Z',
    sourceFormat: 'x12-850-004010',
    idParts: ['acme', '000000001', '1', '0001', '850'],
    data: { purchaseOrderNumber: 'PO-1' },
  };

  it('fills the CloudEvents attributes in a fixed order and leaves absent extensions out', () => {
    const event = makeEvent(input);
    expect(Object.keys(event)).toEqual([
      'specversion',
      'id',
      'type',
      'source',
      'subject',
      'time',
      'datacontenttype',
      'dataschema',
      'partnerid',
      'sourceformat',
      'data',
    ]);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: eventId(input.idParts),
      source: 'dockside/partners/acme',
      datacontenttype: 'application/json',
      dataschema: 'canonical/schemas/order.created.v1.json',
      partnerid: 'acme',
    });
  });

  it('carries the file id and X12 control numbers when given', () => {
    const event = makeEvent({
      ...input,
      fileId: 'f1',
      x12: { interchange: '000000001', group: '1', set: '0001' },
    });
    expect(Object.keys(event)).toEqual([
      'specversion',
      'id',
      'type',
      'source',
      'subject',
      'time',
      'datacontenttype',
      'dataschema',
      'partnerid',
      'fileid',
      'sourceformat',
      'interchangecontrol',
      'groupcontrol',
      'setcontrol',
      'data',
    ]);
    expect(event).toMatchObject({
      fileid: 'f1',
      interchangecontrol: '000000001',
      groupcontrol: '1',
      setcontrol: '0001',
    });
  });

  it('serializes byte-identically for the same input', () => {
    expect(JSON.stringify(makeEvent(input))).toBe(JSON.stringify(makeEvent({ ...input })));
  });
});
