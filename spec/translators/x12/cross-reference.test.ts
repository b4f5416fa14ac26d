// A partner's cross-reference tables (sku, uom, location) applied to the events of its X12 sets.
import { counterControlNumbers } from '../../../translators/x12/ack-builder';
import { translateX12 } from '../../../translators/x12/translate-x12';
import type { CrossReference } from '../../../translators/x12/cross-reference';

const ORDER =
  'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000777*0*P*>~\n' +
  'GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*777*X*004010~\nST*850*0001~\nBEG*00*SA*PO-777**20261124~\n' +
  'N1*ST*STORE 441*92*0441~\nPO1*1*2*EA*9.99**BP*A-100*VN*SKU-1~\nPO1*2*1*CA*20.00**BP*constructor~\n' +
  'CTT*2~\nSE*7*0001~\nGE*1*777~\nIEA*1*000000777~\n';

function translate(crossReference?: CrossReference) {
  return translateX12(ORDER, {
    fileId: 'f',
    resolvePartner: () => ({ partnerId: 'acme', ...(crossReference && { crossReference }) }),
    ack: { controls: counterControlNumbers() },
  });
}

describe('cross-reference tables on X12 events', () => {
  it("puts our SKU, unit and location beside or instead of the partner's codes", () => {
    const plain = translate();
    const mapped = translate({
      sku: { 'A-100': 'OUR-100', 'SKU-1': 'NOT-FIRST' },
      uom: { EA: 'EACH' },
      location: { '0441': 'DC-EAST' },
      partyRoles: { ST: 'ignored' },
    });
    expect(mapped.errors).toEqual([]);
    // Same event (same id): only the cross-referenced values differ.
    expect(mapped.events.map((e) => e.id)).toEqual(plain.events.map((e) => e.id));
    const data = mapped.events[0].data as {
      parties: { role: string; id?: string }[];
      lines: { unitOfMeasure?: string; itemIds: Record<string, string> }[];
    };
    expect(data.lines[0].itemIds).toMatchObject({ buyer: 'A-100', vendor: 'SKU-1', sku: 'OUR-100' });
    expect(data.lines[0].unitOfMeasure).toBe('EACH');
    // Codes the tables do not know stay as sent (a name on Object.prototype is not a code).
    expect(data.lines[1].itemIds).toEqual({ buyer: 'constructor' });
    expect(data.lines[1].unitOfMeasure).toBe('CA');
    expect(data.parties).toEqual([expect.objectContaining({ role: 'shipTo', id: 'DC-EAST' })]);
    expect((plain.events[0].data as typeof data).parties[0].id).toBe('0441');
  });
});
