import { eventId } from '../../../../canonical/cloudevent';
import { mapInterchangeAck, mapSet, x12DateTime } from '../../../../translators/x12/maps';
import { parseSegments, setOf } from './helpers';

const ORDER = `ST*850*0001
  BEG*00*SA*PO-1**20260102
  PO1*1*2*EA*3`;

describe('mapSet', () => {
  it('wraps the data in a validated CloudEvent with X12 ids, time and source format', () => {
    const { event, errors } = mapSet(
      setOf(ORDER, { gsDate: '20260102', gsTime: '030405', version: '004010VICS' }),
      {
        partnerId: 'acme',
        fileId: 'f1',
      },
    );
    expect(errors).toEqual([]);
    expect(event).toMatchObject({
      id: eventId(['acme', '000000001', '1', '0001', '850']),
      type: 'order.created',
      source: 'dockside/partners/acme',
      subject: 'PO-1',
      time: '2026-01-02T03:04:05Z',
      dataschema: 'canonical/schemas/order.created.v1.json',
      fileid: 'f1',
      sourceformat: 'x12-850-004010',
      interchangecontrol: '000000001',
      groupcontrol: '1',
      setcontrol: '0001',
      data: {
        purchaseOrderNumber: 'PO-1',
        lines: [{ lineNumber: '1', quantity: 2, unitOfMeasure: 'EA', unitPrice: '3.00' }],
      },
    });
  });

  it('gives the same id for the same set, another for another partner', () => {
    const set = setOf(ORDER);
    expect(mapSet(set, { partnerId: 'acme' }).event?.id).toBe(mapSet(set, { partnerId: 'acme' }).event?.id);
    expect(mapSet(set, { partnerId: 'acme' }).event?.id).not.toBe(
      mapSet(set, { partnerId: 'other' }).event?.id,
    );
  });

  it('returns an event that fails its schema as errors, not as an event', () => {
    // No BEG05 (order date), no PO102 (quantity).
    const result = mapSet(setOf('ST*850*0001\nBEG*00*SA*PO-1\nPO1*1'), { partnerId: 'acme' });
    expect(result.event).toBeUndefined();
    expect(result.errors).toEqual([
      { path: '/data', message: "missing required property 'orderDate'" },
      { path: '/data/lines/0', message: "missing required property 'quantity'" },
    ]);
  });

  it('reports a bad element value with its X12 position, without throwing', () => {
    const result = mapSet(setOf('ST*810*0001\nBIG*20260105*INV-1\nTDS*12.50'), { partnerId: 'acme' });
    expect(result).toEqual({
      errors: [{ path: '/x12/3/TDS01', message: "TDS01 '12.50' is not an implied-decimal (N2) number" }],
    });
  });

  it('maps nothing, and reports nothing, for a set with no map', () => {
    expect(mapSet(setOf('ST*855*0001\nBAK*00*AD*PO-1*20260102'), { partnerId: 'acme' })).toEqual({
      errors: [],
    });
  });

  it('reports a GS date it cannot read', () => {
    expect(mapSet(setOf(ORDER, { gsDate: '2026013' }), { partnerId: 'acme' }).errors[0].path).toBe(
      '/x12/GS04',
    );
  });
});

describe('mapInterchangeAck', () => {
  it('builds a TA1 event timed by ISA09/ISA10', () => {
    const [ta1] = parseSegments(
      'ISA*00*          *00*          *ZZ*R              *ZZ*S              *991231*2359*^*00501*000000009*0*P*:~TA1*000000050*991231*1200*E*023~IEA*1*000000009~',
      'TA1',
    );
    const { event, errors } = mapInterchangeAck(ta1.segment, ta1.interchange, { partnerId: 'acme' });
    expect(errors).toEqual([]);
    expect(event).toMatchObject({
      id: eventId(['acme', '000000009', 'TA1', '000000050']),
      subject: '000000050',
      time: '1999-12-31T23:59:00Z',
      sourceformat: 'x12-TA1-005010',
      data: {
        ackType: 'TA1',
        status: 'accepted-with-errors',
        errors: [{ level: 'interchange', code: '023' }],
      },
    });
  });
});

describe('x12DateTime', () => {
  it.each([
    ['20260102', '0304', '2026-01-02T03:04:00Z'],
    ['20260102', '030405', '2026-01-02T03:04:05Z'],
    ['20260102', '03040599', '2026-01-02T03:04:05Z'],
    ['260102', '0304', '2026-01-02T03:04:00Z'],
    ['971107', '1220', '1997-11-07T12:20:00Z'],
  ])('%s %s → %s', (d, t, iso) => {
    expect(x12DateTime(d, t)).toBe(iso);
  });

  it.each([
    ['20260230', '0304'],
    ['20260102', '2460'],
    ['2026012', '0304'],
  ])('rejects %s %s', (d, t) => {
    expect(x12DateTime(d, t)).toBeUndefined();
  });
});

describe('x12DateTime calendar', () => {
  it.each([
    ['20240229', true],
    ['20230229', false],
    ['19000229', false],
    ['20000229', true],
    ['20260431', false],
    ['20261231', true],
    ['20261301', false],
    ['20260100', false],
  ])('%s valid: %s', (d, ok) => {
    expect(x12DateTime(d, '0000') !== undefined).toBe(ok);
  });
});
