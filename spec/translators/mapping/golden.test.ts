// Golden tests: each example mapping translates its sample file into the checked-in events
// (reviewed by eye against the input). UPDATE_GOLDEN=1 rewrites them — then review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { validateEvent } from '../../../canonical/validate';
import { translateCsv } from '../../../translators/mapping/csv-engine';
import { translateXml } from '../../../translators/mapping/xml-engine';
import type { TranslateResult } from '../../../translators/mapping/emit';
import { CSV_DIR, XML_DIR, contextFor, loadMapping } from './helpers';

const cases = [
  {
    mapping: 'northwind-shipments',
    dir: CSV_DIR,
    file: 'northwind-shipments.csv',
    tables: 'northwind.tables.json',
    partner: 'northwind',
  },
  {
    mapping: 'northwind-inventory',
    dir: CSV_DIR,
    file: 'northwind-inventory.csv',
    tables: 'northwind.tables.json',
    partner: 'northwind',
  },
  {
    mapping: 'northwind-receipts',
    dir: CSV_DIR,
    file: 'northwind-receipts.csv',
    tables: 'northwind.tables.json',
    partner: 'northwind',
  },
  {
    mapping: 'summit-asn',
    dir: XML_DIR,
    file: 'summit-asn.xml',
    tables: 'summit.tables.json',
    partner: 'summit',
  },
  {
    mapping: 'acme-orders-xml',
    dir: XML_DIR,
    file: 'acme-orders.xml',
    tables: 'acme.tables.json',
    partner: 'acme',
  },
];

describe.each(cases)('$mapping', (c) => {
  const bytes = readFileSync(join(c.dir, c.file));
  const tables = JSON.parse(readFileSync(join(c.dir, c.tables), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const ctx = contextFor(loadMapping(c.mapping), c.file, bytes, c.partner, tables);
  const translate = (): Promise<TranslateResult> =>
    c.file.endsWith('.csv')
      ? translateCsv(Readable.from([bytes]), ctx)
      : Promise.resolve(translateXml(bytes, ctx));
  const goldenFile = join(c.dir, c.file.replace(/\.(csv|xml)$/, '.events.json'));

  it('translates the sample into the expected events, with no errors', async () => {
    const result = await translate();
    expect(result.errors).toEqual([]);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) {
      writeFileSync(goldenFile, `${JSON.stringify(result.events, null, 2)}\n`);
    }
    expect(result.events).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
  });

  it('produces events that pass their canonical schema', async () => {
    for (const event of (await translate()).events) expect(validateEvent(event)).toEqual([]);
  });

  it('gives the same ids for the same bytes, and different ids for different files', async () => {
    const a = await translate();
    const b = await translate();
    expect(b.events.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
    expect(new Set(a.events.map((e) => e.id)).size).toBe(a.events.length);
    const other = c.file.endsWith('.csv')
      ? await translateCsv(Readable.from([bytes]), { ...ctx, fileId: '0'.repeat(64) })
      : translateXml(bytes, { ...ctx, fileId: '0'.repeat(64) });
    expect(other.events[0].id).not.toBe(a.events[0].id);
  });

  it('chunking does not matter (CSV: one byte at a time)', async () => {
    if (!c.file.endsWith('.csv')) return;
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const r = await translateCsv(Readable.from(chunks), ctx);
    expect(r).toEqual(await translate());
  });
});
