// The declarative mapping format for partner CSV and XML files (one mapping per file in
// partners/mappings/*.yaml, or embedded in a partner profile). See translators/mapping/README.md.
import { z } from 'zod';

/** Canonical event types a CSV/XML mapping may produce (acknowledgements only come from X12). */
export const mappingEventTypes = [
  'order.created',
  'shipment.confirmed',
  'invoice.received',
  'inventory.adjusted',
  'receipt.confirmed',
] as const;

// Date/time patterns are built from tokens so new partner layouts need no code change;
// anything else (letters outside the tokens) is a typo worth rejecting at load time.
const datePattern = z
  .string()
  .regex(
    /^(YYYY|YY|MM|M|DD|D|HH|H|mm|ss|[^A-Za-z])+$/,
    'use the tokens YYYY YY MM M DD D HH H mm ss and separators',
  );

/** A value transform; applied in list order after the source value is read and defaulted. */
export const transformSchema = z.union([
  z
    .enum(['trim', 'upper', 'lower', 'number', 'integer'])
    .describe('trim/upper/lower text; number/integer parse a quantity into a JSON number'),
  z
    .strictObject({
      date: z.strictObject({
        format: datePattern.describe('source layout, e.g. DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD, DD-MM-YYYY'),
      }),
    })
    .describe('parse a date into YYYY-MM-DD'),
  z
    .strictObject({
      time: z.strictObject({
        format: datePattern.describe('source layout, e.g. HH:mm, HHmm, HH:mm:ss, HHmmss'),
      }),
    })
    .describe('parse a time into HH:MM or HH:MM:SS'),
  z
    .strictObject({
      datetime: z.strictObject({
        format: datePattern.describe('source layout, e.g. YYYY-MM-DD HH:mm:ss'),
        offset: z
          .string()
          .regex(/^(Z|[+-]\d\d:\d\d)$/)
          .default('Z')
          .describe('UTC offset the partner writes local times in'),
      }),
    })
    .describe('parse a date and time into ISO 8601 (YYYY-MM-DDTHH:MM:SS±HH:MM)'),
  z
    .strictObject({
      decimal: z.strictObject({
        scale: z.int().min(0).max(8).describe('digits after the decimal point in the output string'),
        comma: z.boolean().optional().describe('the source writes 1.234,50 (comma as decimal separator)'),
      }),
    })
    .describe('money: a decimal STRING with exactly `scale` digits, never a float'),
  z
    .strictObject({
      number: z.strictObject({
        comma: z.boolean().optional().describe('the source writes 1.234,5'),
        integer: z.boolean().optional().describe('reject fractional quantities'),
      }),
    })
    .describe('quantity: a JSON number'),
  z
    .strictObject({
      lookup: z.string().min(1).describe('name of a cross-reference table passed in by the caller'),
    })
    .describe('replace the value by its entry in a cross-reference table; an unknown key is an error'),
]);
/** One transform step of a field rule. */
export type Transform = z.infer<typeof transformSchema>;

const fromSchema = z
  .union([z.string().min(1), z.int().min(1)])
  .describe(
    'CSV: column name (header mode) or 1-based index (positional); XML: element path relative to the record, `@attr` for attributes',
  );

/** Where a value comes from, without transforms: a column/path, a constant, or a concatenation. */
export const sourceSchema = z.strictObject({
  from: fromSchema.optional(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional().describe('a constant'),
  concat: z
    .array(
      z.union([fromSchema, z.strictObject({ from: fromSchema.optional(), value: z.string().optional() })]),
    )
    .min(1)
    .optional()
    .describe('join several sources; a bare string or number is a column/path, blank parts are skipped'),
  separator: z.string().optional().describe('joins concat parts (default: empty)'),
});

/** A scalar output field: source + transforms + default + required. */
export const fieldRuleSchema = sourceSchema
  .extend({
    transforms: z.array(transformSchema).optional(),
    default: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe('used when the source is absent or blank'),
    required: z
      .boolean()
      .optional()
      .describe('an absent or blank value is an error; the record produces no event'),
  })
  .meta({ id: 'MappingFieldRule' });
/** A scalar output field rule. */
export type FieldRule = z.infer<typeof fieldRuleSchema>;

/** A key expression: a column/path shortcut or a full field rule. */
export const keySchema = z.union([z.string().min(1), z.int().min(1), fieldRuleSchema]);
/** A grouping/key expression. */
export type KeyRule = z.infer<typeof keySchema>;

/** A record filter: the value of `from` is present (non-blank) / absent, or equals one of some values. */
export const conditionSchema = z
  .strictObject({
    from: z.union([z.string().min(1), z.int().min(1)]),
    present: z.boolean().optional().describe('true: non-blank; false: blank or absent'),
    equals: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe('trimmed value is one of these'),
  })
  .meta({ id: 'MappingCondition' });
/** A record filter. */
export type Condition = z.infer<typeof conditionSchema>;

/** A repeated output (array) built from the records in scope. */
export interface Collection {
  /** XML only: element path (relative to the current element) whose every match is one item. */
  each?: string;
  /** Only records passing this test become items (e.g. rows with an SSCC are package lines). */
  when?: Condition;
  /** Items whose keys are equal merge into one item (order of first appearance). */
  groupBy?: KeyRule;
  /** Write [] when there are no items (for arrays the canonical schema requires); default: leave the field out. */
  keepEmpty?: boolean;
  /** Output fields of one item; keys are dotted output paths. */
  fields: Record<string, FieldRule | Collection>;
}

/** A repeated output (array field): `lines: { each: 'lines/line', fields: {...} }`. */
export const collectionSchema: z.ZodType<Collection> = z
  .strictObject({
    each: z
      .string()
      .min(1)
      .optional()
      .describe('XML only: element path whose every match is one item; CSV: one item per row'),
    when: conditionSchema.optional().describe('only records passing this test become items'),
    keepEmpty: z
      .boolean()
      .optional()
      .describe('write [] when there are no items; default: leave the field out'),
    groupBy: keySchema.optional().describe('merge records with the same key into one item'),
    get fields() {
      return fieldsSchema;
    },
  })
  .meta({ id: 'MappingCollection' });

/** Output fields: keys are dotted paths into the canonical `data` (`carrier.scac`); values are rules or collections. */
export const fieldsSchema: z.ZodType<Record<string, FieldRule | Collection>> = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted output path like carrier.scac'),
    z.union([fieldRuleSchema, collectionSchema]),
  )
  .meta({ id: 'MappingFields' });

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case')
    .describe('used in sourceformat: csv:<name> / xml:<name>'),
  description: z.string().optional(),
  eventType: z.enum(mappingEventTypes),
  subject: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('output field(s) holding the business key; several are joined with "/"'),
  fields: fieldsSchema,
};

/** CSV reading options. */
export const csvOptionsSchema = z.strictObject({
  delimiter: z.string().min(1).max(4).default(','),
  quote: z.string().length(1).default('"'),
  encoding: z
    .enum(['utf-8', 'utf-8-bom', 'windows-1252'])
    .default('utf-8')
    .describe('a BOM is always skipped'),
  header: z
    .boolean()
    .default(true)
    .describe('true: first row names the columns; false: columns by 1-based index'),
  skipRows: z.int().min(0).default(0).describe('rows to skip before the header (or the data, positional)'),
  columns: z
    .int()
    .min(1)
    .optional()
    .describe('positional mode: expected column count (default: the first data row)'),
  maxTrackedGroups: z
    .int()
    .min(0)
    .default(100000)
    .describe('how many finished group keys are remembered to detect non-contiguous groups (bounds memory)'),
});

/** XML reading options. */
export const xmlOptionsSchema = z.strictObject({
  recordPath: z.string().min(1).describe('element path from the root of one event, e.g. shipments/shipment'),
  maxBytes: z
    .int()
    .min(1)
    // The document is parsed whole, to about 40 times its size in memory: 10 MiB stays near 400 MB.
    .default(10 * 1024 * 1024)
    .describe('larger documents are refused (parsed whole: memory is about 40 times the size)'),
  stripNamespaces: z.boolean().default(true).describe('match elements by local name (ns:item → item)'),
});

/** A partner CSV/XML mapping: the source layout and how it becomes one canonical event. */
export const mappingSchema = z
  .discriminatedUnion('format', [
    z.strictObject({
      format: z.literal('csv'),
      ...common,
      csv: csvOptionsSchema.prefault({}),
      groupBy: keySchema
        .optional()
        .describe('rows with the same key form one event; groups must be contiguous'),
    }),
    z.strictObject({
      format: z.literal('xml'),
      ...common,
      xml: xmlOptionsSchema,
    }),
  ])
  .superRefine((m, ctx) => {
    // Rules the JSON shape cannot express: how `from` is spelled depends on the format.
    const positional = m.format === 'csv' && !m.csv.header;
    const checkFrom = (from: string | number | undefined, path: (string | number)[]): void => {
      if (from === undefined) return;
      if (positional && typeof from !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path,
          message: 'positional CSV (header: false) takes 1-based column numbers',
        });
      } else if (!positional && typeof from === 'number' && m.format === 'xml') {
        ctx.addIssue({ code: 'custom', path, message: 'XML takes element paths, not column numbers' });
      }
    };
    const checkRule = (r: FieldRule, path: (string | number)[]): void => {
      checkFrom(r.from, [...path, 'from']);
      r.concat?.forEach((c, i) => checkFrom(typeof c === 'object' ? c.from : c, [...path, 'concat', i]));
      if (
        r.from === undefined &&
        r.value === undefined &&
        r.concat === undefined &&
        r.default === undefined
      ) {
        ctx.addIssue({ code: 'custom', path, message: 'a field needs from, value, concat or default' });
      }
    };
    const checkKey = (k: KeyRule | undefined, path: (string | number)[]): void => {
      if (k === undefined) return;
      if (typeof k === 'object') checkRule(k, path);
      else checkFrom(k, path);
    };
    const walk = (fields: Record<string, FieldRule | Collection>, path: (string | number)[]): void => {
      for (const [key, node] of Object.entries(fields)) {
        if ('fields' in node) {
          if (m.format === 'csv' && node.each !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, key, 'each'],
              message: 'CSV collections take one item per row: no each',
            });
          }
          checkKey(node.groupBy, [...path, key, 'groupBy']);
          if (node.when) checkFrom(node.when.from, [...path, key, 'when', 'from']);
          walk(node.fields, [...path, key, 'fields']);
        } else checkRule(node, [...path, key]);
      }
    };
    walk(m.fields, ['fields']);
    if (m.format === 'csv') checkKey(m.groupBy, ['groupBy']);
    for (const s of typeof m.subject === 'string' ? [m.subject] : m.subject) {
      // Own keys only: `in` would take an inherited name such as `constructor` for an output field.
      if (!Object.hasOwn(m.fields, s) || 'fields' in m.fields[s]) {
        ctx.addIssue({
          code: 'custom',
          path: ['subject'],
          message: `subject ${s} must name a scalar output field`,
        });
      }
    }
  });

/** A parsed, defaulted mapping. */
export type Mapping = z.infer<typeof mappingSchema>;
/** A CSV mapping. */
export type CsvMapping = Extract<Mapping, { format: 'csv' }>;
/** An XML mapping. */
export type XmlMapping = Extract<Mapping, { format: 'xml' }>;
/** A mapping as written in YAML (before defaults). */
export type MappingInput = z.input<typeof mappingSchema>;

/** The JSON Schema of a mapping (as written, before defaults), for editors and partners check. */
export function mappingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(mappingSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $id: 'dockside/translators/mapping/mapping.schema.json',
    title: 'Dockside CSV/XML mapping',
    ...schema,
  };
}
