// Translating a large file in the running gateway: the event loop keeps turning (SFTP sessions,
// HTTP, lease renewals and deliveries go on), and X12 results are those of the whole file read at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { translatePartnerFile } from '../../gateway/partner-translation';
import { inTurns } from '../../gateway/in-turns';
import { turnsDuring } from './support/turns-during';
import { countEnvelopes } from '../../translators/x12/count-envelopes';
import { loadProfiles } from '../../gateway/config/load-profiles';
import { counterControlNumbers } from '../../translators/x12/ack-builder';
import { translateX12 } from '../../translators/x12/translate-x12';

const ROOT = join(__dirname, '..', '..');
const NOW = () => new Date('2026-11-28T08:00:00Z');

/** About `bytes` of 850s: interchanges of 100 orders from ACME (ISA sender ZZ/ACMERETAIL). */
function orders(bytes: number): Buffer {
  const set = (n: number) =>
    [
      `ST*850*${String(n).padStart(4, '0')}`,
      `BEG*00*SA*PO${n}**20261120`,
      'N1*ST*ACME RETAIL STORE 441*92*0441',
      ...Array.from({ length: 10 }, (_, l) => `PO1*${l + 1}*${l + 2}*EA*1.25**UP*071234500000${l}`),
      'CTT*10',
      'SE*15*' + String(n).padStart(4, '0'),
    ].join('~\n') + '~\n';
  let text = '';
  for (let ic = 1; text.length < bytes; ic++) {
    const control = String(ic).padStart(9, '0');
    text +=
      `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261120*1200*U*00401*${control}*0*P*>~\n` +
      `GS*PO*ACMERETAIL*DOCKSIDEDIST*20261120*1200*${ic}*X*004010~\n`;
    for (let n = 1; n <= 100; n++) text += set(n);
    text += `GE*100*${ic}~\nIEA*1*${control}~\n`;
  }
  return Buffer.from(text, 'latin1');
}

describe('translatePartnerFile on a large file', () => {
  it('lets the event loop turn while it reads X12, with the results of the whole file at once', async () => {
    const { profiles, mappings } = await loadProfiles(join(ROOT, 'partners'));
    const bytes = orders(4 * 1024 * 1024);
    const { result, turns } = await turnsDuring(() =>
      translatePartnerFile(
        { name: 'orders.x12', bytes, fileId: 'f'.repeat(64), receivedAt: NOW().toISOString() },
        {
          profiles,
          profilesDir: join(ROOT, 'partners'),
          mappings,
          controls: counterControlNumbers(),
          now: NOW,
        },
      ),
    );
    // Before, the whole file was one turn: nothing else ran until it was translated.
    expect(turns).toBeGreaterThanOrEqual(7);
    const acme = profiles.find((p) => p.id === 'acme');
    const whole = translateX12(bytes, {
      fileId: 'f'.repeat(64),
      resolvePartner: () => ({ partnerId: 'acme', ack: { type: acme?.acks.type === '999' ? '999' : '997' } }),
      ack: { controls: counterControlNumbers(), now: NOW },
    });
    if (!('events' in result)) throw new Error('not translated');
    expect(result.errors).toEqual([]);
    expect(result.events.length).toBeGreaterThan(2000);
    expect(result.events).toEqual(whole.events);
    expect(result.x12?.sets).toEqual(whole.x12?.sets);
  });

  it('lets the event loop turn while it counts the envelopes to reserve control numbers for', async () => {
    const bytes = orders(4 * 1024 * 1024);
    const { result, turns } = await turnsDuring(() => countEnvelopes(inTurns(bytes)));
    const interchanges = bytes.toString('latin1').split('IEA*').length - 1;
    expect(interchanges).toBeGreaterThan(10);
    expect(result).toEqual({ interchanges, groups: interchanges });
    expect(turns).toBeGreaterThanOrEqual(7);
  });

  it('lets the event loop turn while it reads a partner CSV', async () => {
    const { profiles, mappings } = await loadProfiles(join(ROOT, 'partners'));
    const northwind = profiles.find((p) => p.id === 'northwind');
    const sample = readFileSync(join(ROOT, 'spec', 'fixtures', 'csv', 'northwind-receipts.csv'), 'latin1');
    // The sample's first receipt (its first three rows) again and again, each time under a receipt number of its own.
    const [header, ...rows] = sample.split('\n').slice(0, 4);
    let text = header + '\n';
    let receipts = 0;
    while (text.length < 3 * 1024 * 1024)
      text += rows.join('\n').replaceAll('RC-YUL-0045821', `RC-YUL-${++receipts}`) + '\n';
    const { result, turns } = await turnsDuring(() =>
      translatePartnerFile(
        {
          name: 'receipts.csv',
          bytes: Buffer.from(text, 'latin1'),
          fileId: 'e'.repeat(64),
          receivedAt: NOW().toISOString(),
        },
        { profiles, profilesDir: join(ROOT, 'partners'), mappings, partner: northwind },
      ),
    );
    expect(turns).toBeGreaterThanOrEqual(5);
    if (!('events' in result)) throw new Error(result.unroutable);
    expect(result.errors).toEqual([]);
    expect(result.events).toHaveLength(receipts);
  });
});
