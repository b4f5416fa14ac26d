// The translation path (interchanges not retained, results handed on as each one closes) finds
// what the analyzer finds across the whole file.
import { Readable } from 'node:stream';
import { counterControlNumbers } from '../../../translators/x12/ack-builder';
import {
  MAX_FINDINGS,
  MAX_REJECTED_INTERCHANGES,
  SETS_PER_TURN,
  translateX12,
  translateX12Stream,
} from '../../../translators/x12/translate-x12';

const ORDER =
  'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000777*0*P*>~\n' +
  'GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*777*X*004010~\nST*850*0001~\nBEG*00*SA*PO-777**20261124~\n' +
  'PO1*1*2*EA*9.99**VN*SKU-1~\nCTT*1~\nSE*5*0001~\nGE*1*777~\nIEA*1*000000777~\n';

/** An interchange of `sets` 850s with control number `icn`. */
function orders(icn: number, sets: number): string {
  const control = String(icn).padStart(9, '0');
  let text =
    `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*${control}*0*P*>~\n` +
    `GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*${icn}*X*004010~\n`;
  for (let n = 1; n <= sets; n++) {
    const st = String(n).padStart(4, '0');
    text += `ST*850*${st}~\nBEG*00*SA*PO-${icn}-${n}**20261124~\nPO1*1*2*EA*9.99**VN*SKU-1~\nCTT*1~\nSE*5*${st}~\n`;
  }
  return text + `GE*${sets}*${icn}~\nIEA*1*${control}~\n`;
}

describe('translateX12', () => {
  it('maps a large interchange in steps, pausing between them, with the results in the same order', async () => {
    // Before, an interchange's sets were all mapped when its IEA was read: thousands of sets
    // held the caller's event loop for as long.
    const text = orders(1, 1000) + orders(2, 1) + ORDER.replace('PO1*1*2*', 'PO1*1*X*');
    const ctx = () => ({ fileId: 'f', ack: { controls: counterControlNumbers() } });
    const whole = translateX12(text, ctx());
    const log: string[] = [];
    await translateX12Stream(
      Readable.from([Buffer.from(text, 'latin1')]),
      { ...ctx(), pause: async () => void log.push('pause') },
      {
        event: (e) => log.push(`event ${e.id}`),
        ack: (a) => log.push(`ack ${a.content}`),
        error: (e) => log.push(`error ${e.code} ${e.segment}`),
      },
    );
    expect(log.filter((l) => l !== 'pause')).toEqual([
      ...whole.events.slice(0, 1000).map((e) => `event ${e.id}`),
      `ack ${whole.acks[0]}`,
      `event ${whole.events[1000].id}`,
      `ack ${whole.acks[1]}`,
      `ack ${whole.acks[2]}`,
      ...whole.errors.map((e) => `error ${e.code} ${e.segment}`),
    ]);
    // The first interchange's events come between pauses, SETS_PER_TURN at a time.
    const firstPause = log.indexOf('pause');
    expect(firstPause).toBe(SETS_PER_TURN);
    expect(log.slice(0, log.indexOf(`ack ${whole.acks[0]}`)).filter((l) => l === 'pause')).toHaveLength(
      1000 / SETS_PER_TURN,
    );
  });

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

  it('stops reading a file whose interchanges keep being rejected: findings and acks stay bounded', async () => {
    // Found by fuzzing: "ISA\0" repeated gave 1.2 million findings and 77,000 TA1s for 5 MB,
    // near 1 GB of memory; 50 MB would end the process.
    const garbage = Buffer.from('ISA\0'.repeat(262_144), 'latin1'); // 1 MB
    const ctx = () => ({ fileId: 'f', ack: { controls: counterControlNumbers() } });
    const r = translateX12(garbage, ctx());
    expect(r.events).toEqual([]);
    expect(r.acks.length).toBeLessThanOrEqual(MAX_REJECTED_INTERCHANGES + 1);
    expect(r.errors.length).toBeLessThan(MAX_FINDINGS);
    expect(r.errors.at(-1)?.code).toBe('DS_X12_TOO_MANY_REJECTED');
    // Streamed, it stops reading the input too.
    let chunks = 0;
    const input = Readable.from(
      (function* () {
        for (let i = 0; i < 64; i++, chunks++) yield garbage.subarray(i * 16_384, (i + 1) * 16_384);
      })(),
    );
    const codes: string[] = [];
    await translateX12Stream(input, ctx(), {
      event: () => undefined,
      ack: () => undefined,
      error: (e) => codes.push(e.code),
    });
    expect(codes.at(-1)).toBe('DS_X12_TOO_MANY_REJECTED');
    expect(chunks).toBeLessThan(64);
  });

  it('reads a well-enveloped file to the end however many findings it has, listing the first 10,000', () => {
    // Found by review: a budget on findings cut off the interchanges after them, ack and all.
    const interchange = (n: number, bad: boolean) =>
      ORDER.replaceAll('000000777', String(n).padStart(9, '0')).replace(
        'BEG*00*SA*PO-777**20261124',
        bad ? 'BEG*00*SA*PO-777**20261399' : 'BEG*00*SA*PO-777**20261124',
      );
    const n = MAX_FINDINGS + 50;
    const file =
      Array.from({ length: n }, (_, i) => interchange(i + 1, true)).join('') + interchange(n + 1, false);
    const r = translateX12(file, { fileId: 'f', ack: { controls: counterControlNumbers() } });
    expect(r.events).toHaveLength(1); // the good one, at the end
    expect(r.acks).toHaveLength(n + 1); // every interchange acknowledged
    expect(r.errors).toHaveLength(MAX_FINDINGS + 1);
    expect(r.errors.at(-1)).toEqual({
      code: 'DS_X12_FINDINGS_NOT_LISTED',
      message: `${n - MAX_FINDINGS} more findings are not listed: a file lists its first ${MAX_FINDINGS}`,
    });
  });
});
