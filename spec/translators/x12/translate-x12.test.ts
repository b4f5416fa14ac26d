// The translation path (interchanges not retained, results handed on as each one closes) finds
// what the analyzer finds across the whole file.
import { Readable } from 'node:stream';
import { counterControlNumbers } from '../../../translators/x12/ack-builder';
import { translateX12, translateX12Stream } from '../../../translators/x12/translate-x12';

const ORDER =
  'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000777*0*P*>~\n' +
  'GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*777*X*004010~\nST*850*0001~\nBEG*00*SA*PO-777**20261124~\n' +
  'PO1*1*2*EA*9.99**VN*SKU-1~\nCTT*1~\nSE*5*0001~\nGE*1*777~\nIEA*1*000000777~\n';

describe('translateX12', () => {
  it('rejects an interchange whose control number the same sender already used in the file', async () => {
    // Found by fuzzing: only the analyzer, which keeps every interchange, saw the repeat.
    const ctx = () => ({ fileId: 'f', ack: { controls: counterControlNumbers() } });
    const whole = translateX12(ORDER + ORDER, ctx());
    expect(whole.events).toHaveLength(1);
    expect(whole.errors.map((e) => e.code)).toContain('DS_X12_ISA_CONTROL_DUPLICATE');
    expect(whole.accepted).toBe(false);
    const events: unknown[] = [];
    const errors: string[] = [];
    await translateX12Stream(Readable.from([Buffer.from(ORDER), Buffer.from(ORDER)]), ctx(), {
      event: (e) => events.push(e),
      ack: () => undefined,
      error: (e) => errors.push(e.code),
    });
    expect(events).toHaveLength(1);
    expect(errors).toContain('DS_X12_ISA_CONTROL_DUPLICATE');
  });
});
