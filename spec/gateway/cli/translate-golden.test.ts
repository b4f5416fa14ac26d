// `npx dockside translate FILE --partner ID --json` gives the golden events of each example
// mapping and of the X12 samples, with the example partner profiles in partners/.
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../gateway/cli/main';
import { validateEvent } from '../../../canonical/validate';
import type { CanonicalEvent } from '../../../canonical/cloudevent';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'spec', 'fixtures');
/** The receipt time the golden CSV/XML events were written with (their event `time`). */
const RECEIVED_AT = new Date('2026-11-25T06:00:00Z');

async function translate(file: string, partner?: string) {
  let out = '';
  let err = '';
  const args = ['translate', file, '--json', '--partners', join(ROOT, 'partners')];
  if (partner) args.push('--partner', partner);
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return {
    code,
    err,
    json: out
      ? (JSON.parse(out) as { events: CanonicalEvent[]; acks: string[]; errors: unknown[] })
      : undefined,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'dockside-golden-'));
/** A copy of a fixture whose mtime (the CLI's receipt time) is the golden one. */
function received(fixture: string): string {
  const copy = join(dir, fixture.split('/').pop() as string);
  copyFileSync(join(FIXTURES, fixture), copy);
  utimesSync(copy, RECEIVED_AT, RECEIVED_AT);
  return copy;
}

describe('translate --json with the example partners', () => {
  it.each([
    ['csv/northwind-shipments.csv', 'northwind'],
    ['csv/northwind-receipts.csv', 'northwind'],
    ['csv/northwind-inventory.csv', 'northwind'],
    ['xml/summit-asn.xml', 'summit'],
    ['xml/acme-orders.xml', 'acme'],
  ])('%s --partner %s gives the golden events', async (fixture, partner) => {
    const r = await translate(received(fixture), partner);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const golden = JSON.parse(
      readFileSync(join(FIXTURES, fixture.replace(/\.\w+$/, '.events.json')), 'utf8'),
    );
    expect(r.json?.events).toEqual(golden);
    for (const e of r.json?.events ?? []) expect(validateEvent(e)).toEqual([]);
  });

  it.each([
    'x12/004010/bots-plugins__850-004010-01.x12',
    'x12/004010/bots-plugins__856_1.x12',
    'x12/004010/bots-plugins__810_1.x12',
    'x12/004010/staedi__simple810.edi',
    'x12/005010/stedi-bootstrap__5010_850_input.edi',
    'x12/005010/dockside__5010_856_tare_pack.edi',
    'x12/005010/dockside__5010_810_sac.edi',
  ])('%s gives the golden events and a 997 accepting it', async (fixture) => {
    const r = await translate(join(FIXTURES, fixture), 'acme');
    expect(r.code).toBe(0);
    const golden = JSON.parse(
      readFileSync(join(FIXTURES, `${fixture}.events.json`), 'utf8'),
    ) as CanonicalEvent[];
    // The golden files were written with a fixed file id; the CLI uses the file's sha256.
    const events = (r.json?.events ?? []).map((e) => ({ ...e, fileid: 'sha256-test' }));
    expect(events).toEqual(golden);
    expect(r.json?.acks.join('')).toMatch(/AK9\*A\*/);
  });

  it('finds the partner of an X12 file from its ISA sender', async () => {
    const acme =
      'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000101*0*P*>~' +
      'GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*101*X*004010~ST*850*0001~BEG*00*SA*PO-1**20261124~' +
      'PO1*1*2*EA*9.99**VN*SKU-1~CTT*1~SE*5*0001~GE*1*101~IEA*1*000000101~';
    const file = join(dir, 'acme.x12');
    writeFileSync(file, acme);
    const r = await translate(file);
    expect(r.json?.events[0]).toMatchObject({
      partnerid: 'acme',
      source: 'dockside/partners/acme',
      subject: 'PO-1',
    });
    // Our identity from the profile, sender and receiver swapped.
    expect(r.json?.acks[0]).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*DOCKSIDEDIST {3}\*ZZ\*ACMERETAIL {5}\*/);
  });

  it('refuses CSV without a partner, and an unknown partner, with exit 2', async () => {
    expect((await translate(received('csv/northwind-receipts.csv'))).code).toBe(2);
    expect((await translate(received('csv/northwind-receipts.csv'), 'nobody')).code).toBe(2);
  });

  it('reports a bad CSV row with its line, column and value, and exits 1', async () => {
    const bad = join(dir, 'northwind-receipts-bad.csv');
    // The 3PL writes Windows-1252 with ';' separators; row 1 has quantity 120.
    const text = readFileSync(join(FIXTURES, 'csv/northwind-receipts.csv'), 'latin1').split('\n');
    text[1] = text[1].replace(';120;', ';twelve;');
    writeFileSync(bad, text.join('\n'), 'latin1');
    const r = await translate(bad, 'northwind');
    expect(r.code).toBe(1);
    expect(r.json?.errors[0]).toMatchObject({
      code: expect.stringMatching(/^DS_MAP_/),
      line: 2,
      value: 'twelve',
    });
  });
});
