import { mapShipment856 } from '../../../../translators/x12/maps/shipment-856';
import { setOf } from './helpers';

describe('mapShipment856', () => {
  it('walks S → O → T → P → I, counting each item once, with SSCCs and tracking numbers', () => {
    const data = mapShipment856(
      setOf(`ST*856*0001
        BSN*00*SH-1*20260102*0800*0001
        HL*1**S
        TD1*CTN*3****G*120.5*LB
        TD5**2*UPSN*U*UPS Ground
        REF*BM*BOL-9
        REF*CN*1ZSHIP
        REF*PK*PL-1
        DTM*011*20260103*1745
        N1*ST*DC 7*92*007
        REF*ZZ*not-a-shipment-ref
        N1*SF*Warehouse*92*W1
        HL*2*1*O
        PRF*PO-1
        HL*3*2*T
        MAN*GM*00100000000000000017
        HL*4*3*P
        MAN*GM*00100000000000000024**CP*1ZPACK1
        HL*5*4*I
        LIN*1*UP*012345678905*VP*V-1
        SN1**6*EA
        SN1**99*EA
        PID*F****Widget
        HL*6*3*P
        MAN*GM*00100000000000000031
        REF*CN*1ZPACK2
        HL*7*6*I
        LIN**SK*SKU2
        SN1*2*4*EA
        HL*8*2*I
        LIN*3*SK*SKU3
        SN1**1*CA
        HL*9*1*O
        PRF*PO-2
        HL*10*9*P
        HL*11*10*I
        LIN*1*SK*SKU4
        SN1**10*EA`),
    );
    expect(data).toEqual({
      shipmentId: 'SH-1',
      purpose: '00',
      // DTM*011 (shipped) wins over BSN03/BSN04.
      shipDate: '2026-01-03',
      shipTime: '17:45',
      carrier: { scac: 'UPSN', mode: 'U', name: 'UPS Ground', trackingNumber: '1ZSHIP' },
      billOfLading: 'BOL-9',
      weight: { value: 120.5, unit: 'LB' },
      parties: [
        { role: 'shipTo', name: 'DC 7', idQualifier: '92', id: '007' },
        { role: 'shipFrom', name: 'Warehouse', idQualifier: '92', id: 'W1' },
      ],
      dates: [{ qualifier: '011', date: '2026-01-03', time: '17:45' }],
      references: [{ qualifier: 'PK', value: 'PL-1' }],
      orders: [
        {
          purchaseOrderNumber: 'PO-1',
          packages: [
            { kind: 'tare', sscc: '00100000000000000017', lines: [] },
            {
              kind: 'pack',
              sscc: '00100000000000000024',
              parentSscc: '00100000000000000017',
              trackingNumber: '1ZPACK1',
              lines: [
                {
                  lineNumber: '1',
                  itemIds: { upc: '012345678905', vendor: 'V-1' },
                  quantityShipped: 6,
                  description: 'Widget',
                  unitOfMeasure: 'EA',
                },
              ],
            },
            {
              kind: 'pack',
              sscc: '00100000000000000031',
              parentSscc: '00100000000000000017',
              trackingNumber: '1ZPACK2',
              lines: [{ lineNumber: '2', itemIds: { sku: 'SKU2' }, quantityShipped: 4, unitOfMeasure: 'EA' }],
            },
          ],
          // HL 8 hangs off the order directly: an unpacked item.
          lines: [{ lineNumber: '3', itemIds: { sku: 'SKU3' }, quantityShipped: 1, unitOfMeasure: 'CA' }],
        },
        {
          purchaseOrderNumber: 'PO-2',
          packages: [
            {
              kind: 'pack',
              lines: [
                { lineNumber: '1', itemIds: { sku: 'SKU4' }, quantityShipped: 10, unitOfMeasure: 'EA' },
              ],
            },
          ],
          lines: [],
        },
      ],
    });
  });

  it('uses BSN03/BSN04 without DTM*011, and puts items with no order level in an order without PO', () => {
    const data = mapShipment856(
      setOf(`ST*856*0001
        BSN*00*SH-2*260102*080030
        HL*1**S
        TD5**92*OWN
        HL*2*1*I
        SN1**3*EA`),
    );
    expect(data).toEqual({
      shipmentId: 'SH-2',
      purpose: '00',
      shipDate: '2026-01-02',
      shipTime: '08:00:30',
      // TD502 92 (buyer-assigned) is not a SCAC: no carrier fact survives.
      orders: [{ packages: [], lines: [{ quantityShipped: 3, unitOfMeasure: 'EA' }] }],
    });
  });

  it('lists a pack above the order level (S-P-O-I) under each order it holds', () => {
    const data = mapShipment856(
      setOf(`ST*856*0001
        BSN*00*SH-3*20260102*0800
        HL*1**S
        HL*2*1*P
        MAN*GM*SSCC-A
        HL*3*2*O
        PRF*PO-A
        HL*4*3*I
        SN1**1*EA
        HL*5*2*O
        PRF*PO-B
        HL*6*5*I
        SN1**2*EA`),
    );
    expect(data.orders).toEqual([
      {
        purchaseOrderNumber: 'PO-A',
        packages: [{ kind: 'pack', sscc: 'SSCC-A', lines: [{ quantityShipped: 1, unitOfMeasure: 'EA' }] }],
        lines: [],
      },
      {
        purchaseOrderNumber: 'PO-B',
        packages: [{ kind: 'pack', sscc: 'SSCC-A', lines: [{ quantityShipped: 2, unitOfMeasure: 'EA' }] }],
        lines: [],
      },
    ]);
  });
});
