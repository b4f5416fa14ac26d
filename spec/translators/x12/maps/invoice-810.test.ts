import { mapInvoice810 } from '../../../../translators/x12/maps/invoice-810';
import { setOf } from './helpers';

describe('mapInvoice810', () => {
  it('maps TDS and SAC amounts with two implied decimals, ITD terms, lines and parties', () => {
    const data = mapInvoice810(
      setOf(`ST*810*0001
        BIG*20260105*INV-1*20260102*PO-1
        CUR*SE*EUR
        REF*IA*V77
        N1*SE*Maker Co
        N1*BY*Big Retail*92*B1
        ITD*05*3*2**10**30*****2% 10 NET 30
        DTM*011*20260104
        IT1*1*2*EA*480**VP*V-1
        PID*F****Anvil
        SAC*A*C310***-150**********Line promo
        IT1*2*1*EA*15.005
        TDS*96000
        SAC*C*D240***1500**********Freight
        SAC*N*ZZZZ***0
        CTT*2`),
    );
    expect(data).toEqual({
      invoiceNumber: 'INV-1',
      invoiceDate: '2026-01-05',
      purchaseOrderNumber: 'PO-1',
      purchaseOrderDate: '2026-01-02',
      currency: 'EUR',
      parties: [
        { role: 'seller', name: 'Maker Co' },
        { role: 'buyer', name: 'Big Retail', idQualifier: '92', id: 'B1' },
      ],
      references: [{ qualifier: 'IA', value: 'V77' }],
      dates: [{ qualifier: '011', date: '2026-01-04' }],
      terms: { type: '05', discountPercent: '2', discountDays: 10, netDays: 30, description: '2% 10 NET 30' },
      lines: [
        {
          lineNumber: '1',
          quantity: 2,
          unitOfMeasure: 'EA',
          unitPrice: '480.00',
          itemIds: { vendor: 'V-1' },
          description: 'Anvil',
          allowancesCharges: [
            { kind: 'allowance', code: 'C310', amount: '-1.50', description: 'Line promo' },
          ],
        },
        // R keeps its places: 15.005 is not rounded.
        { lineNumber: '2', quantity: 1, unitOfMeasure: 'EA', unitPrice: '15.005' },
      ],
      // SAC01 N (no allowance or charge) maps to nothing.
      allowancesCharges: [{ kind: 'charge', code: 'D240', amount: '15.00', description: 'Freight' }],
      totalAmount: '960.00',
    });
  });

  it('reads ITD due dates and the N2 discount amount', () => {
    const data = mapInvoice810(
      setOf(`ST*810*0001
        BIG*20260105*INV-2
        ITD*01*3*1.5*20260115*10*20260204*30*1234
        TDS*5`),
    );
    expect(data.terms).toEqual({
      type: '01',
      discountPercent: '1.5',
      discountDueDate: '2026-01-15',
      discountDays: 10,
      netDueDate: '2026-02-04',
      netDays: 30,
      discountAmount: '12.34',
    });
    expect(data.totalAmount).toBe('0.05');
    expect(data.lines).toBeUndefined();
  });

  it('rejects a TDS01 that is not an implied-decimal integer', () => {
    expect(() => mapInvoice810(setOf('ST*810*0001\nBIG*20260105*INV-3\nTDS*960.00'))).toThrow(
      expect.objectContaining({
        code: 'DS_X12MAP_BAD_VALUE',
        context: expect.objectContaining({ path: '/x12/3/TDS01' }),
      }),
    );
  });
});
