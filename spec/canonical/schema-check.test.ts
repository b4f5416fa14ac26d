// schema-check is validateEvent's fast path: it may only say "valid" where Ajv (same options as
// validate.ts) says valid, and it must cover every canonical schema, or events skip the fast path.
import Ajv from 'ajv';
import fc from 'fast-check';
import { EVENT_TYPES, makeEvent, type EventType } from '../../canonical/cloudevent';
import { compileSchemaCheck } from '../../canonical/schema-check';
import { commonSchema, dataSchemas, envelopeSchema, type SchemaDocument } from '../../canonical/schemas';
import { validateEvent } from '../../canonical/validate';

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(commonSchema);
const strictEnvelope = ajv.compile(envelopeSchema);
const strictData = Object.fromEntries(EVENT_TYPES.map((t) => [t, ajv.compile(dataSchemas[t])]));

const sample: Record<string, unknown> = {
  purchaseOrderNumber: 'PO-1',
  orderDate: '2026-01-02',
  currency: 'USD',
  parties: [{ role: 'shipTo', name: 'DC', address: { line1: '1 Main', country: 'US' } }],
  references: [{ qualifier: 'DP', value: '042' }],
  dates: [{ qualifier: '002', date: '2026-02-01', time: '13:30' }],
  lines: [{ lineNumber: '1', quantity: 12, unitPrice: '9.99', itemIds: { upc: '0123', other: [] } }],
  totals: { lineCount: 1, quantity: 12, amount: '119.88' },
};

/** A value to put somewhere: of every JSON type, valid-looking and not. */
const anyValue = fc.oneof(
  fc.constantFrom('', 'x', '2026-01-02', '2026-02-30', '13:60', '1.50', '1.5e2', '\ud83d\ude00', '\ud800'),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, true, null, undefined),
  fc.constantFrom([], [{}], {}, { qualifier: 'a' }, { qualifier: 'a', value: 'b', extra: 1 }),
);

/** Set, replace or delete one property at a random path of a copy of `value`. */
function mutate(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  const extra = path[0] % (keys.length + 1) === keys.length;
  const key = extra ? ['zzz', 'other', '0', 'role'][path[0] % 4] : keys[path[0] % keys.length];
  const target = copy as Record<string, unknown>;
  if (remove && path.length === 1) delete target[key];
  else target[key] = mutate(target[key], path.slice(1), replacement, remove);
  return copy;
}

describe('compileSchemaCheck', () => {
  it.each([envelopeSchema, ...Object.values(dataSchemas)].map((s) => [s.title, s] as const))(
    'covers %s',
    (_title, schema) => {
      expect(() => compileSchemaCheck(schema, [commonSchema])).not.toThrow();
    },
  );

  it('never passes data that Ajv fails (order.created, mutated)', () => {
    const check = compileSchemaCheck(dataSchemas['order.created'], [commonSchema]);
    expect(check(sample)).toBe(true);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        anyValue,
        fc.boolean(),
        (path, replacement, remove) => {
          const data = mutate(sample, path, replacement, remove);
          if (check(data)) expect(strictData['order.created'](data)).toBe(true);
          // And the other way, so the fast path is really taken: JSON round-trips keep agreement.
          const json: unknown = JSON.parse(JSON.stringify(data) ?? 'null');
          expect(check(json)).toBe(strictData['order.created'](json));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never passes an envelope that Ajv fails (mutated)', () => {
    const check = compileSchemaCheck(envelopeSchema, [commonSchema]);
    const event = makeEvent({
      type: 'order.created',
      partnerId: 'acme',
      fileId: 'f',
      subject: 'PO-1',
      time: '2026-01-02T03:04:05Z',
      sourceFormat: 'x12-850-004010',
      idParts: ['acme', '1'],
      x12: { interchange: '1', group: '1', set: '0001' },
      data: sample,
    });
    expect(check(event)).toBe(true);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
        anyValue,
        fc.boolean(),
        (path, v, remove) => {
          const mutated = mutate(event, path, v, remove);
          if (check(mutated)) expect(strictEnvelope(mutated)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('throws on a keyword it does not cover rather than passing it', () => {
    const schema = { $id: 'https://x/s.json', title: 'S', type: 'object', oneOf: [{}, {}] } as SchemaDocument;
    expect(() => compileSchemaCheck(schema, [])).toThrow(/oneOf/);
  });

  it('counts code points for minLength as Ajv does', () => {
    const schema = { $id: 'https://x/s.json', title: 'S', type: 'string', minLength: 2 } as SchemaDocument;
    const check = compileSchemaCheck(schema, []);
    expect(check('\ud83d\ude00')).toBe(false);
    expect(check('\ud83d\ude00a')).toBe(true);
    expect(check('\ud800\ud800')).toBe(true);
  });
});

describe('validateEvent with the fast path', () => {
  it('still rejects, with Ajv findings, what the fast path does not pass', () => {
    const event = makeEvent({
      type: 'order.created' as EventType,
      partnerId: 'acme',
      subject: 'PO-1',
      time: '2026-01-02T03:04:05Z',
      sourceFormat: 'csv',
      idParts: ['a'],
      data: { ...sample, lines: [{ quantity: '12' }] },
    });
    expect(validateEvent(event)).toEqual([{ path: '/data/lines/0/quantity', message: 'must be number' }]);
    expect(validateEvent({ ...event, data: sample })).toEqual([]);
  });
});
