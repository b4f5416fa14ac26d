// The mapping format: the checked-in JSON Schema matches the zod schema, every example mapping
// is valid under both, and every error code is documented.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { mappingJsonSchema, mappingSchema } from '../../../translators/mapping/mapping-schema';
import { MAPPING_ERROR_CODES } from '../../../translators/mapping/errors';
import { ROOT } from './helpers';

const JSON_FILE = join(ROOT, 'translators', 'mapping', 'mapping.schema.json');
const MAPPINGS = join(ROOT, 'partners', 'mappings');
const examples = readdirSync(MAPPINGS).filter((f) => f.endsWith('.yaml'));

describe('mapping schema', () => {
  it('mapping.schema.json is the current z.toJSONSchema output (UPDATE_MAPPING_SCHEMA=1 rewrites it)', () => {
    const current = mappingJsonSchema();
    if (process.env.UPDATE_MAPPING_SCHEMA === '1')
      writeFileSync(JSON_FILE, `${JSON.stringify(current, null, 2)}\n`);
    expect(JSON.parse(readFileSync(JSON_FILE, 'utf8'))).toEqual(current);
  });

  it('has the five example mappings', () => {
    expect(examples.sort()).toEqual(
      [
        'acme-orders-xml',
        'northwind-inventory',
        'northwind-receipts',
        'northwind-shipments',
        'summit-asn',
      ].map((n) => `${n}.yaml`),
    );
  });

  it.each(examples)(
    '%s is valid under the zod schema and the JSON Schema, and named after its file',
    (file) => {
      const raw = parse(readFileSync(join(MAPPINGS, file), 'utf8')) as { name: string };
      expect(mappingSchema.safeParse(raw).error?.issues).toBeUndefined();
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(JSON_FILE, 'utf8')));
      expect(validate(raw) ? [] : validate.errors).toEqual([]);
      expect(`${raw.name}.yaml`).toBe(file);
    },
  );

  it('rejects what the JSON shape cannot express', () => {
    const r = mappingSchema.safeParse({
      name: 'x',
      format: 'csv',
      eventType: 'receipt.confirmed',
      subject: 'lines',
      csv: { header: false },
      fields: { receiptId: { from: 'id' }, lines: { each: 'row', fields: { sku: { from: 3 } } }, empty: {} },
    });
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'fields.receiptId.from: positional CSV (header: false) takes 1-based column numbers',
      'fields.lines.each: CSV collections take one item per row: no each',
      'fields.empty: a field needs from, value, concat or default',
      'subject: subject lines must name a scalar output field',
    ]);
  });

  it('does not take an inherited name such as constructor for a subject field', () => {
    const r = mappingSchema.safeParse({
      name: 'x',
      format: 'csv',
      eventType: 'receipt.confirmed',
      subject: ['warehouseId', 'constructor'],
      fields: { warehouseId: { from: 'wh' } },
    });
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'subject: subject constructor must name a scalar output field',
    ]);
  });

  it('refuses unknown keys and bad date formats (typos fail at load, not at 3 a.m.)', () => {
    const base = {
      name: 'x',
      format: 'xml',
      eventType: 'order.created',
      subject: 'a',
      xml: { recordPath: 'a/b' },
    };
    expect(mappingSchema.safeParse({ ...base, fields: { a: { form: 'x' } } }).success).toBe(false);
    expect(
      mappingSchema.safeParse({
        ...base,
        fields: { a: { from: 'x', transforms: [{ date: { format: 'DD.MM.YYYY' } }] } },
      }).success,
    ).toBe(true);
    expect(
      mappingSchema.safeParse({
        ...base,
        fields: { a: { from: 'x', transforms: [{ date: { format: 'dd/mm/yyyy' } }] } },
      }).success,
    ).toBe(false);
    expect(
      mappingSchema.safeParse({
        ...base,
        eventType: 'acknowledgement.received',
        fields: { a: { from: 'x' } },
      }).success,
    ).toBe(false);
  });

  it('documents every error code in README.md', () => {
    const readme = readFileSync(join(ROOT, 'translators', 'mapping', 'README.md'), 'utf8');
    for (const code of Object.keys(MAPPING_ERROR_CODES)) expect(readme).toContain(`| \`${code}\` |`);
  });
});
