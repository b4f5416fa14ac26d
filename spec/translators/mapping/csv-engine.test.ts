// Bad and unusual CSV input: each case gets a precise error (file, row, line, column, value)
// or a correct result, and nothing throws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import {
  MAX_GROUP_ROWS,
  MAX_RECORD_CHARS,
  streamCsv,
  translateCsv,
} from '../../../translators/mapping/csv-engine';
import { mappingSchema, type CsvMapping, type Mapping } from '../../../translators/mapping/mapping-schema';
import { CSV_DIR, contextFor, loadMapping } from './helpers';

const tables = JSON.parse(readFileSync(join(CSV_DIR, 'northwind.tables.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;
const shipments = loadMapping('northwind-shipments') as CsvMapping;
const sample = readFileSync(join(CSV_DIR, 'northwind-shipments.csv'), 'utf8');
const [HEADER] = sample.split('\n');
const COLS = HEADER.split(',');

/** A northwind row with some columns replaced, by header name. */
function row(values: Record<string, string>): string {
  const base: Record<string, string> = {
    'Shipment ID': 'NW-SH-1',
    'Ship Date': '11/24/2026',
    'Ship Time': '08:15',
    'Carrier SCAC': 'UPSN',
    'Service Level': 'Ground',
    'BOL Number': 'BOL-1',
    'Ship To Code': '0412',
    'Ship To Name': 'Store 412',
    'PO Number': 'PO-1',
    'Line No': '1',
    SKU: 'SKU-1',
    'Qty Shipped': '5',
    UOM: 'EACH',
  };
  const merged = { ...base, ...values };
  return COLS.map((c) => merged[c] ?? '').join(',');
}

async function run(text: string | Buffer, mapping: Mapping = shipments, name = 'test.csv') {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return translateCsv(Readable.from([bytes]), contextFor(mapping, name, bytes, 'northwind', tables));
}

describe('CSV engine', () => {
  it('reports a row with the wrong column count, and still translates the other groups', async () => {
    const text = [
      HEADER,
      row({}),
      `${row({ 'Shipment ID': 'NW-SH-2' })},EXTRA`,
      row({ 'Shipment ID': 'NW-SH-3' }),
    ].join('\n');
    const r = await run(text);
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-1', 'NW-SH-3']);
    expect(r.errors).toEqual([
      {
        code: 'DS_MAP_CSV_COLUMN_COUNT',
        message: `Row 3 has ${COLS.length + 1} columns; ${COLS.length} were expected.`,
        file: 'test.csv',
        record: 2,
        row: 3,
        line: 3,
        value: String(COLS.length + 1),
      },
    ]);
  });

  it('refuses a file whose header lacks a required column, naming the column', async () => {
    const header = HEADER.replace('Qty Shipped', 'Quantity');
    const r = await run([header, row({})].join('\n'));
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_CSV_COLUMN_MISSING', column: 'Qty Shipped', row: 1, line: 1 }),
    ]);
    expect(r.errors[0].message).toContain('"Qty Shipped"');
  });

  it('reports a bad date with its row, column, field and value', async () => {
    const r = await run(
      [HEADER, row({ 'Ship Date': '11/31/2026' }), row({ 'Shipment ID': 'NW-SH-2' })].join('\n'),
    );
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-2']);
    expect(r.errors).toEqual([
      {
        code: 'DS_MAP_DATE_INVALID',
        message: 'shipDate: "11/31/2026" is not a valid date in the format MM/DD/YYYY.',
        file: 'test.csv',
        record: 1,
        row: 2,
        line: 2,
        column: 'Ship Date',
        field: 'shipDate',
        value: '11/31/2026',
      },
    ]);
  });

  it('reports a non-numeric quantity inside a nested line, and drops only that shipment', async () => {
    const text = [
      HEADER,
      row({}),
      row({ 'Line No': '2', 'Qty Shipped': '12 pcs' }),
      row({ 'Shipment ID': 'NW-SH-2' }),
    ];
    const r = await run(text.join('\n'));
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-2']);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'DS_MAP_NUMBER_INVALID',
        record: 1,
        row: 3,
        column: 'Qty Shipped',
        field: 'orders.lines.quantityShipped',
        value: '12 pcs',
      }),
    ]);
  });

  it('reads quoted fields with newlines, delimiters and doubled quotes, and keeps line numbers right', async () => {
    const text = [
      HEADER,
      row({ 'Ship To Name': '"Store 412\r\nBack door, ""B"""' }),
      row({ 'Shipment ID': 'NW-SH-2', 'Ship Date': '99/99/2026' }),
    ].join('\r\n');
    const r = await run(text);
    expect(r.events).toHaveLength(1);
    const data = r.events[0].data as { parties: { name: string }[] };
    expect(data.parties[0].name).toBe('Store 412\r\nBack door, "B"');
    // The second row starts on physical line 4: the quoted field spans lines 2–3.
    expect(r.errors).toEqual([expect.objectContaining({ code: 'DS_MAP_DATE_INVALID', row: 3, line: 4 })]);
  });

  it('skips a UTF-8 BOM so the first header name still matches', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER, row({})].join('\n'))]);
    const r = await run(bytes);
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-1']);
  });

  it('decodes Windows-1252 (with or without a BOM)', async () => {
    const m = mappingSchema.parse({ ...shipments, csv: { ...shipments.csv, encoding: 'windows-1252' } });
    const text = [HEADER, row({ 'Ship To Name': 'Caf\u00e9 \u201cLe Bon\u201d \u20ac' })].join('\r\n');
    const cp1252 = Buffer.from(text, 'latin1');
    // U+201C, U+201D and U+20AC are 0x93, 0x94 and 0x80 in Windows-1252 (not in latin1).
    const bytes = Buffer.from(
      [...text].map((ch) => ({ '\u201c': 0x93, '\u201d': 0x94, '\u20ac': 0x80 })[ch] ?? ch.charCodeAt(0)),
    );
    expect(bytes.length).toBe(cp1252.length);
    for (const input of [bytes, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])]) {
      const r = await run(input, m);
      expect(r.errors).toEqual([]);
      expect((r.events[0].data as { parties: { name: string }[] }).parties[0].name).toBe('Café “Le Bon” €');
    }
    // 0x81, 0x8D, 0x8F, 0x90, 0x9D mean nothing in Windows-1252: reported, not passed on as controls.
    const undefinedByte = Buffer.from([HEADER, row({ 'Ship To Name': 'Store \x8f' })].join('\r\n'), 'latin1');
    const bad = await run(undefinedByte, m);
    expect(bad.events).toEqual([]);
    expect(bad.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_ENCODING', row: 2, column: 'Ship To Name' }),
    ]);
  });

  it('reports bytes that are not UTF-8 with the row and column', async () => {
    const good = Buffer.from([HEADER, row({ 'Ship To Name': 'Caf_' })].join('\n'));
    const bad = Buffer.from(good.toString('latin1').replace('Caf_', 'Caf\u00e9'), 'latin1'); // lone 0xE9
    const r = await run(bad);
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_ENCODING', row: 2, line: 2, column: 'Ship To Name' }),
    ]);
  });

  it('reports a quote that is never closed, after translating the rows before it', async () => {
    const text = [
      HEADER,
      row({}),
      row({ 'Shipment ID': 'NW-SH-2' }),
      row({ 'Shipment ID': 'NW-SH-3', 'Ship To Name': '"Store' }),
    ];
    // More lines follow the quote: the error names the line where the broken record starts, and
    // the group open when reading stopped (it may lack rows) is named, not translated.
    const r = await run([...text, row({ 'Shipment ID': 'NW-SH-4' }), row({})].join('\n'));
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-1']);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'DS_MAP_CSV_MALFORMED', line: 4, record: 2 })]);
    expect(r.errors[0].message).toBe(
      'CSV syntax error: a quoted field of the record starting at line 4 is never closed. Nothing after it ' +
        'was read. Record 2 (group "NW-SH-2"), being read, is not translated.',
    );
  });

  it('bounds what one record may hold: a group of too many rows, a field of too many characters', async () => {
    // 100,001 rows of one shipment: refused as one group, its rows not held; the next group is read.
    const many = Array.from({ length: MAX_GROUP_ROWS + 1 }, (_, i) => row({ 'Line No': String(i + 1) }));
    const r = await run([HEADER, ...many, row({ 'Shipment ID': 'NW-SH-2' })].join('\n'));
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-2']);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'DS_MAP_GROUP_TOO_LARGE',
        record: 1,
        row: MAX_GROUP_ROWS + 2,
        value: 'NW-SH-1',
      }),
    ]);
    // A quote opened and never closed in a big file: reading stops at the record limit, not at
    // the end of the file, with the line where the record starts.
    const huge = `${row({ 'Ship To Name': '"Store' })}\n${'x'.repeat(MAX_RECORD_CHARS)}`;
    const q = await run([HEADER, row({}), huge].join('\n'));
    expect(q.events).toEqual([]);
    expect(q.errors).toEqual([expect.objectContaining({ code: 'DS_MAP_CSV_MALFORMED', line: 3, record: 1 })]);
    expect(q.errors[0].message).toMatch(/Max Record Size/i);
  });

  it('requires groups to be contiguous and reports a repeat after another group', async () => {
    const text = [HEADER, row({}), row({ 'Shipment ID': 'NW-SH-2' }), row({ 'Line No': '2' })].join('\n');
    const r = await run(text);
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-1', 'NW-SH-2']);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_GROUP_NOT_CONTIGUOUS', record: 3, row: 4, value: 'NW-SH-1' }),
    ]);
  });

  it('remembers at most maxTrackedGroups finished keys (bounded memory, best-effort beyond)', async () => {
    const ids = ['A', 'B', 'C', 'A'];
    const text = [HEADER, ...ids.map((id) => row({ 'Shipment ID': id }))].join('\n');
    const codes = async (cap: number) => {
      const m = mappingSchema.parse({ ...shipments, csv: { ...shipments.csv, maxTrackedGroups: cap } });
      return (await run(text, m)).errors.map((e) => e.code);
    };
    expect(await codes(3)).toEqual(['DS_MAP_GROUP_NOT_CONTIGUOUS']);
    expect(await codes(2)).toEqual([]);
  });

  it('reports a blank group key as its own record without breaking the open group', async () => {
    const text = [HEADER, row({}), row({ 'Shipment ID': ' ' }), row({ 'Line No': '2' })].join('\n');
    const r = await run(text);
    expect(r.events).toHaveLength(1);
    expect((r.events[0].data as { orders: { lines: unknown[] }[] }).orders[0].lines).toHaveLength(2);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_REQUIRED_MISSING', record: 2, row: 3 }),
    ]);
  });

  it('reports a missing required value and an unknown lookup key', async () => {
    const r = await run([HEADER, row({ SKU: '' }), row({ 'Shipment ID': 'NW-SH-2', UOM: 'BOX' })].join('\n'));
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        code: 'DS_MAP_REQUIRED_MISSING',
        record: 1,
        column: 'SKU',
        field: 'orders.lines.itemIds.sku',
      }),
      expect.objectContaining({ code: 'DS_MAP_LOOKUP_MISSING', record: 2, column: 'UOM', value: 'BOX' }),
    ]);
  });

  it('reports a lookup table the caller did not pass', async () => {
    const bytes = Buffer.from([HEADER, row({})].join('\n'));
    const r = await translateCsv(Readable.from([bytes]), contextFor(shipments, 't.csv', bytes, 'northwind'));
    expect(r.errors.map((e) => e.code)).toEqual([
      'DS_MAP_LOOKUP_TABLE_MISSING',
      'DS_MAP_LOOKUP_TABLE_MISSING',
    ]);
  });

  it('reads positional columns after skipped preamble rows', async () => {
    const m = mappingSchema.parse({
      name: 'positional',
      format: 'csv',
      eventType: 'receipt.confirmed',
      subject: 'receiptId',
      csv: { delimiter: '\t', header: false, skipRows: 2 },
      groupBy: 1,
      fields: {
        receiptId: { from: 1, required: true },
        receivedDate: { from: 2, transforms: [{ date: { format: 'YYYYMMDD' } }] },
        lines: { fields: { sku: { from: 3 }, quantityReceived: { from: 4, transforms: ['integer'] } } },
      },
    });
    const text =
      'NORTHWIND RECEIPTS\nrun 2026-11-24\nR1\t20261124\tA\t3\nR1\t20261124\tB\t4\nR2\t20261125\tC\t1\n';
    const r = await run(text, m);
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.data)).toEqual([
      {
        receiptId: 'R1',
        receivedDate: '2026-11-24',
        lines: [
          { sku: 'A', quantityReceived: 3 },
          { sku: 'B', quantityReceived: 4 },
        ],
      },
      { receiptId: 'R2', receivedDate: '2026-11-25', lines: [{ sku: 'C', quantityReceived: 1 }] },
    ]);
  });

  it('turns an event that fails its canonical schema into errors', async () => {
    const m = mappingSchema.parse({
      name: 'no-lines',
      format: 'csv',
      eventType: 'receipt.confirmed',
      subject: 'receiptId',
      fields: { receiptId: { from: 'id' }, receivedDate: { from: 'date' } },
    });
    const r = await run('id,date\nR1,2026-11-24\n', m);
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ code: 'DS_MAP_EVENT_INVALID', record: 1, row: 2, path: '/data' }),
    ]);
    expect(r.errors[0].message).toContain("missing required property 'lines'");
  });

  it('reports an invalid mapping instead of throwing', async () => {
    const r = await run('a\n1\n', { format: 'csv' } as unknown as Mapping);
    expect(r.events).toEqual([]);
    expect(r.errors.every((e) => e.code === 'DS_MAP_MAPPING_INVALID')).toBe(true);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('reports a failing input stream instead of throwing', async () => {
    const input = new PassThrough();
    const ctx = contextFor(shipments, 't.csv', Buffer.alloc(0), 'northwind', tables);
    const done = translateCsv(input, ctx);
    // The reader holds the last line until it sees what follows it: the engine has NW-SH-1's two
    // rows when the input fails, and cannot know that its group is complete.
    input.write(`${HEADER}\n${row({})}\n${row({ 'Line No': '2' })}\n${row({ 'Shipment ID': 'NW-SH-2' })}\n`);
    setImmediate(() => input.destroy(new Error('connection reset')));
    const r = await done;
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'DS_MAP_INPUT_ERROR', record: 1 })]);
    expect(r.errors[0].message).toContain('connection reset');
    expect(r.errors[0].message).toContain('Record 1 (group "NW-SH-1"), being read, is not translated.');
  });

  it('reports an input closed before its end, and ignores an error after it', async () => {
    // Found by review: a destroyed input emits neither 'end' nor 'error'; the engine waited forever.
    const ctx = contextFor(shipments, 't.csv', Buffer.alloc(0), 'northwind', tables);
    for (const m of [
      shipments,
      mappingSchema.parse({ ...shipments, csv: { ...shipments.csv, encoding: 'windows-1252' } }),
    ]) {
      const cut = new PassThrough();
      const done = translateCsv(cut, { ...ctx, mapping: m });
      cut.write(`${HEADER}\n${row({})}\n`);
      setImmediate(() => cut.destroy());
      expect((await done).errors).toEqual([expect.objectContaining({ code: 'DS_MAP_INPUT_ERROR' })]);
    }
    // An input that failed only after its end had been read: every row is there; nothing is lost.
    const late = new PassThrough();
    const done = translateCsv(late, ctx);
    late.end(`${HEADER}\n${row({})}\n${row({ 'Shipment ID': 'NW-SH-2' })}\n`);
    late.on('end', () => late.emit('error', new Error('late')));
    const r = await done;
    expect(r.events.map((e) => e.subject)).toEqual(['NW-SH-1', 'NW-SH-2']);
    expect(r.errors).toEqual([]);
  });

  it('keeps the last complete row when the input fails, without group keys', async () => {
    const m = mappingSchema.parse({
      name: 'one-row-receipts',
      format: 'csv',
      eventType: 'receipt.confirmed',
      subject: 'receiptId',
      fields: {
        receiptId: { from: 'id', required: true },
        receivedDate: { from: 'date' },
        lines: {
          fields: { sku: { from: 'sku' }, quantityReceived: { from: 'qty', transforms: ['integer'] } },
        },
      },
    });
    const input = new PassThrough();
    const done = translateCsv(input, contextFor(m, 't.csv', Buffer.alloc(0), 'northwind', tables));
    input.write('id,date,sku,qty\nR1,2026-11-24,A,3\nR2,2026-11-24,B,4\nR3,2026-11-24,C,5\n');
    setImmediate(() => input.destroy(new Error('connection reset')));
    const r = await done;
    expect(r.events.map((e) => e.subject)).toEqual(['R1', 'R2']);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'DS_MAP_INPUT_ERROR', record: 3 })]);
  });

  it('stops reading and closes the input when the consumer stops early', async () => {
    const text = [HEADER, row({}), row({ 'Shipment ID': 'NW-SH-2' }), row({ 'Shipment ID': 'NW-SH-3' })].join(
      '\n',
    );
    const input = Readable.from([Buffer.from(text)]);
    for await (const out of streamCsv(
      input,
      contextFor(shipments, 't.csv', Buffer.from(text), 'northwind', tables),
    )) {
      expect(out.kind).toBe('event');
      break;
    }
    expect(input.destroyed).toBe(true);
  });
});
