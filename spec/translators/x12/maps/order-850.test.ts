import { mapOrder850 } from '../../../../translators/x12/maps/order-850';
import { setOf } from './helpers';

describe('mapOrder850', () => {
  it('maps header, parties with roles, lines with item ids, and totals', () => {
    const data = mapOrder850(
      setOf(`ST*850*0001
        BEG*00*SA*PO-1*R1*20260102
        CUR*BY*USD
        REF*DP*042
        DTM*002*20260201*1330
        N1*BY*Big Retail*92*B1
        N1*ST*DC 7*92*007
        N3*1 Dock Rd*Suite 2
        N4*Austin*TX*78701*US
        REF*ZZ*party-level
        N1*VN*Maker Co
        N1*RE*Remit Desk
        PO1*1*12*EA*9.5**UP*012345678905*VP*V-1*IN*B-1*UK*00012345678905*SK*SKU1*ZZ*misc*BP*B-2
        PID*F*75***Red
        PID*F*08***Widget
        PO1*2*.5*LB*.25
        CTT*2*12.5
        AMT*TT*125`),
    );
    expect(data).toEqual({
      purchaseOrderNumber: 'PO-1',
      purpose: '00',
      orderType: 'SA',
      releaseNumber: 'R1',
      orderDate: '2026-01-02',
      currency: 'USD',
      parties: [
        { role: 'buyer', name: 'Big Retail', idQualifier: '92', id: 'B1' },
        {
          role: 'shipTo',
          name: 'DC 7',
          idQualifier: '92',
          id: '007',
          address: {
            line1: '1 Dock Rd',
            line2: 'Suite 2',
            city: 'Austin',
            state: 'TX',
            postalCode: '78701',
            country: 'US',
          },
        },
        { role: 'seller', name: 'Maker Co' },
        { role: 'RE', name: 'Remit Desk' },
      ],
      // REF*ZZ inside the N1 loop belongs to the party, not the order.
      references: [{ qualifier: 'DP', value: '042' }],
      dates: [{ qualifier: '002', date: '2026-02-01', time: '13:30' }],
      lines: [
        {
          lineNumber: '1',
          quantity: 12,
          unitOfMeasure: 'EA',
          unitPrice: '9.50',
          itemIds: {
            upc: '012345678905',
            vendor: 'V-1',
            buyer: 'B-1',
            gtin: '00012345678905',
            sku: 'SKU1',
            other: [
              { qualifier: 'ZZ', value: 'misc' },
              { qualifier: 'BP', value: 'B-2' },
            ],
          },
          // PID02 08 (product) is preferred over 75 (colour).
          description: 'Widget',
        },
        { lineNumber: '2', quantity: 0.5, unitOfMeasure: 'LB', unitPrice: '0.25' },
      ],
      totals: { lineCount: 2, quantity: 12.5, amount: '125.00' },
    });
  });

  it('decodes free text that is not ASCII (UTF-8 bytes read as latin1)', () => {
    const latin1 = Buffer.from('N1*ST*Café Zoë', 'utf8').toString('latin1');
    const data = mapOrder850(setOf(`ST*850*0001\nBEG*00*SA*PO-1**20260102\n${latin1}\nPO1*1*1*EA`));
    expect(data.parties).toEqual([{ role: 'shipTo', name: 'Café Zoë' }]);
  });

  it('windows YYMMDD dates at 50', () => {
    expect(mapOrder850(setOf('ST*850*0001\nBEG*00*SA*PO-1**491231\nPO1*1*1')).orderDate).toBe('2049-12-31');
    expect(mapOrder850(setOf('ST*850*0001\nBEG*00*SA*PO-1**500101\nPO1*1*1')).orderDate).toBe('1950-01-01');
  });

  it('throws a typed error that names the element for a bad price or date', () => {
    expect(() => mapOrder850(setOf('ST*850*0001\nBEG*00*SA*PO-1**20260102\nPO1*1*1*EA*1,50'))).toThrow(
      expect.objectContaining({
        code: 'DS_X12MAP_BAD_VALUE',
        context: expect.objectContaining({ path: '/x12/3/PO104' }),
      }),
    );
    expect(() => mapOrder850(setOf('ST*850*0001\nBEG*00*SA*PO-1**20260230\nPO1*1*1'))).toThrow(
      expect.objectContaining({
        context: expect.objectContaining({ path: '/x12/2/BEG05', value: '20260230' }),
      }),
    );
  });

  it('leaves out what the source lacks', () => {
    const data = mapOrder850(setOf('ST*850*0001\nBEG*00*SA*PO-1**20260102\nN1*ST\nPO1**3'));
    expect(data).toEqual({
      purchaseOrderNumber: 'PO-1',
      purpose: '00',
      orderType: 'SA',
      orderDate: '2026-01-02',
      parties: [{ role: 'shipTo' }],
      lines: [{ quantity: 3 }],
    });
  });
});
