// Generates large X12 files of realistic 850 purchase orders for benchmarks, streamed to disk.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SETS_PER_INTERCHANGE = 500;
const LINES_PER_ORDER = 12;

function order(n: number, control: string): string {
  const po = `PO${String(n).padStart(8, '0')}`;
  const seg: string[] = [
    `ST*850*${control}`,
    `BEG*00*SA*${po}**20241115`,
    'CUR*BY*USD',
    `REF*DP*${100 + (n % 900)}`,
    'PER*BD*JANE BUYER*TE*5555550100',
    'FOB*PP',
    'ITD*01*3*2**30**60',
    'DTM*002*20241201',
    'TD5*O*2*UPSN*M',
    'N1*BY*ACME RETAIL DC 12*92*0012',
    'N1*ST*ACME RETAIL STORE 441*92*0441',
    'N3*1200 COMMERCE WAY*SUITE 400',
    'N4*COLUMBUS*OH*43215*US',
  ];
  for (let l = 1; l <= LINES_PER_ORDER; l++) {
    seg.push(
      `PO1*${l}*${l * 6}*EA*${(l * 3.25).toFixed(2)}**UP*0${String(712345000000 + l)}*VN*SKU-${n % 1000}-${l}`,
    );
    seg.push(`PID*F****WIDGET MODEL ${l} BLUE`);
  }
  seg.push(`CTT*${LINES_PER_ORDER}`);
  seg.push(`SE*${seg.length + 1}*${control}`);
  return seg.join('~\n') + '~\n';
}

/** Write about `bytes` bytes of 850s to `path`: interchanges of 500 orders, one group each. */
export async function generate850File(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  for (let ic = 1; written < bytes; ic++) {
    const icn = String(ic).padStart(9, '0');
    let text =
      `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *241115*1200*U*00401*${icn}*0*P*>~\n` +
      `GS*PO*ACMERETAIL*DOCKSIDEDIST*20241115*1200*${ic}*X*004010~\n`;
    for (let s = 1; s <= SETS_PER_INTERCHANGE; s++) text += order(++n, String(s).padStart(4, '0'));
    text += `GE*${SETS_PER_INTERCHANGE}*${ic}~\nIEA*1*${icn}~\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}
