// A 50 MB CSV is streamed: the event count is right and memory stays flat (no timing asserts).
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { streamCsv } from '../../../translators/mapping/csv-engine';
import { mappingSchema } from '../../../translators/mapping/mapping-schema';
import { RECEIVED_AT } from './helpers';

// V8 collects lazily when the heap has room, so RSS alone would measure garbage not yet
// collected; forcing a collection before each sample measures what the engine retains.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FILE = join(tmpdir(), `dockside-large-${process.pid}.csv`);
const TARGET_BYTES = 50 * 1024 * 1024;
const ROWS_PER_SHIPMENT = 4;

// Shaped like the northwind mapping: shipments of several rows, nested orders/packages/lines.
const fields = {
  shipmentId: { from: 'Shipment ID', required: true },
  shipDate: { from: 'Ship Date', required: true, transforms: [{ date: { format: 'MM/DD/YYYY' } }] },
  'carrier.scac': { from: 'SCAC', transforms: ['trim', 'upper'] },
  'carrier.trackingNumber': { from: 'Tracking' },
  orders: {
    groupBy: 'PO',
    fields: {
      purchaseOrderNumber: { from: 'PO' },
      packages: {
        keepEmpty: true,
        fields: {
          sscc: { from: 'SSCC' },
          lines: {
            fields: {
              'itemIds.sku': { from: 'SKU' },
              quantityShipped: { from: 'Qty', transforms: ['number'] },
            },
          },
        },
        groupBy: 'SSCC',
      },
      lines: {
        keepEmpty: true,
        when: { from: 'SSCC', present: false },
        fields: { quantityShipped: { from: 'Qty' } },
      },
    },
  },
};
const m = mappingSchema.parse({
  name: 'large-shipments',
  format: 'csv',
  eventType: 'shipment.confirmed',
  subject: 'shipmentId',
  groupBy: 'Shipment ID',
  fields,
});

async function generate(): Promise<number> {
  const out = createWriteStream(FILE);
  out.write('Shipment ID,Ship Date,SCAC,Tracking,PO,SSCC,SKU,Qty,Description\n');
  let bytes = 0;
  let shipments = 0;
  while (bytes < TARGET_BYTES) {
    shipments += 1;
    let chunk = '';
    for (let i = 0; i < ROWS_PER_SHIPMENT; i++) {
      const sscc = `0061414100${String(shipments).padStart(7, '0')}${i % 2}`;
      chunk += `SH${shipments},11/24/2026,odfl,1Z${shipments}X,PO${shipments % 977},${sscc},SKU-${i},${i + 1},"Widget, size ${i}\nsecond line"\n`;
    }
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return shipments;
}

describe('large CSV', () => {
  afterAll(() => rmSync(FILE, { force: true }));

  it('streams 50 MB into the right number of events with flat memory', async () => {
    const shipments = await generate();
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    let events = 0;
    let errors = 0;
    const ctx = {
      mapping: m,
      partnerId: 'northwind',
      fileId: 'f'.repeat(64),
      fileName: 'large.csv',
      receivedAt: RECEIVED_AT,
    };
    for await (const out of streamCsv(createReadStream(FILE), ctx)) {
      if (out.kind === 'event') events += 1;
      else errors += 1;
      if (events % 5000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    gc();
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(errors).toBe(0);
    expect(events).toBe(shipments);
    expect((peak - before) / 1024 / 1024).toBeLessThan(100);
  }, 300_000);
});
