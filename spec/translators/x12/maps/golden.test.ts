// Golden tests: corpus X12 files → canonical events, compared with checked-in JSON beside the
// input (spec/fixtures/x12/<version>/<name>.events.json). The expected files were checked by
// eye against the X12 (see the notes in each test); regenerate with UPDATE_GOLDEN=1 only after
// a deliberate change, and read the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../../../canonical/cloudevent';
import { validateEvent } from '../../../../canonical/validate';
import { analyzeX12 } from '../../../../translators/x12/analyze';
import type { ParsedSet } from '../../../../translators/x12/model';
import { mapInterchangeAck, mapSet } from '../../../../translators/x12/maps';
import { parseSegments, parseSets } from './helpers';

const FIXTURES = join(__dirname, '../../../fixtures/x12');
const ctx = { partnerId: 'acme', fileId: 'sha256-test' };

const GOLDEN = [
  '004010/bots-plugins__850-004010-01.x12',
  '005010/stedi-bootstrap__5010_850_input.edi',
  '004010/bots-plugins__856_1.x12',
  '004060/nodex12__856.edi',
  '004010/bots-plugins__810_1.x12',
  '004010/staedi__simple810.edi',
  '004030/oopfactory__Example3_MultiInvoice.txt',
  '004010/bots-plugins__997_1.x12',
  '004010/pyx12__bad_elements.997.base',
  '005010/dockside__5010_856_tare_pack.edi',
  '005010/dockside__5010_810_sac.edi',
  '005010/staedi__simple999.edi',
  '005010/staedi__x12_interchange_ack.txt',
];

function translate(file: string): CanonicalEvent[] {
  const bytes = readFileSync(join(FIXTURES, file));
  const events: CanonicalEvent[] = [];
  for (const set of parseSets(bytes)) {
    const result = mapSet(set, ctx);
    expect(result.errors).toEqual([]);
    if (result.event) events.push(result.event);
  }
  for (const { segment, interchange } of parseSegments(bytes, 'TA1')) {
    const result = mapInterchangeAck(segment, interchange, ctx);
    expect(result.errors).toEqual([]);
    if (result.event) events.push(result.event);
  }
  return events;
}

describe.each(GOLDEN)('%s', (file) => {
  const expectedPath = join(FIXTURES, `${file}.events.json`);

  it('translates to the checked-in events', () => {
    const events = translate(file);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(expectedPath, JSON.stringify(events, null, 2) + '\n');
    }
    expect(events).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });

  it('has expected events that validate against the schemas', () => {
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as CanonicalEvent[];
    expect(expected.length).toBeGreaterThan(0);
    for (const event of expected) expect(validateEvent(event)).toEqual([]);
  });

  it('gives the same events through the engine reader (analyzeX12) as through the test reader', () => {
    const bytes = readFileSync(join(FIXTURES, file));
    const sets: ParsedSet[] = [];
    analyzeX12(bytes, { onSet: (set) => sets.push(set) });
    const viaEngine = sets.map((s) => mapSet(s, ctx).event).filter((e) => e !== undefined);
    const viaHelper = parseSets(bytes).map((s) => mapSet(s, ctx).event);
    expect(viaEngine).toEqual(viaHelper);
  });

  it('is deterministic: the same bytes give the same ids', () => {
    expect(translate(file).map((e) => e.id)).toEqual(translate(file).map((e) => e.id));
  });
});
