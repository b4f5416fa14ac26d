// One benchmark measurement in its own process, so its peak RSS is its own.
// Usage: node dist/bench/worker.js <task> <file>; prints one JSON line { seconds, bytes, maxRssMB, count }.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { X12parser } from 'x12-parser';
import { analyzeX12Stream } from '../translators/x12/analyze';
import { buildAcks, counterControlNumbers } from '../translators/x12/ack-builder';
import { translateX12Stream } from '../translators/x12/translate-x12';
import { streamCsv } from '../translators/mapping/csv-engine';
import { parseMapping } from '../translators/mapping/load-mapping';

const ROOT = join(__dirname, '..', '..');

type Task = (file: string) => Promise<number>;

const CHUNK = 256 * 1024;

const tasks: Record<string, Task> = {
  /** x12-parser's tokenizer alone: the baseline. */
  'x12-parser-tokenize': (file) =>
    new Promise((resolve, reject) => {
      let count = 0;
      const parser = new X12parser();
      parser.on('data', () => count++);
      parser.on('end', () => resolve(count));
      parser.on('error', reject);
      createReadStream(file, { highWaterMark: CHUNK }).on('error', reject).pipe(parser);
    }),
  /** Dockside: tokenize + envelope + full schema validation + 997 per group. */
  'dockside-validate-ack': async (file) => {
    let ackBytes = 0;
    const controls = counterControlNumbers();
    await analyzeX12Stream(createReadStream(file, { highWaterMark: CHUNK }), {
      retain: false,
      observer: {
        interchange: (ic) => {
          ackBytes += buildAcks(ic, { controls })?.length ?? 0;
        },
      },
    });
    return ackBytes;
  },
  /** Dockside: X12 to validated canonical events serialised as JSON lines (+ 997s). */
  'dockside-x12-events': async (file) => {
    let jsonBytes = 0;
    const controls = counterControlNumbers();
    await translateX12Stream(
      createReadStream(file, { highWaterMark: CHUNK }),
      { fileId: 'bench', ack: { controls } },
      {
        event: (e) => (jsonBytes += JSON.stringify(e).length + 1),
        ack: () => undefined,
        error: () => undefined,
      },
    );
    return jsonBytes;
  },
  /** csv-parse alone over the same CSV: the baseline for the mapping engine. */
  'csv-parse-raw': (file) =>
    new Promise((resolve, reject) => {
      let count = 0;
      createReadStream(file, { highWaterMark: CHUNK })
        .pipe(parse({ columns: true }))
        .on('data', () => count++)
        .on('end', () => resolve(count))
        .on('error', reject);
    }),
  /** Dockside: 3PL shipment CSV to validated shipment.confirmed events as JSON lines. */
  'dockside-csv-events': async (file) => {
    const text = readFileSync(join(ROOT, 'partners', 'mappings', 'northwind-shipments.yaml'), 'utf8');
    const parsed = parseMapping(text, 'northwind-shipments.yaml');
    if (!parsed.mapping) throw new Error('mapping northwind-shipments does not load');
    const tables = {
      units: { EACH: 'EA', CASE: 'CS' },
      transportModes: { GROUND: 'U', LTL: 'M' },
    };
    let jsonBytes = 0;
    const ctx = {
      mapping: parsed.mapping,
      partnerId: 'northwind',
      fileId: 'bench',
      fileName: file,
      receivedAt: '2026-11-25T06:00:00Z',
      tables,
    };
    for await (const out of streamCsv(createReadStream(file, { highWaterMark: CHUNK }), ctx)) {
      if (out.kind === 'event') jsonBytes += JSON.stringify(out.event).length + 1;
      else throw new Error(out.error.message);
    }
    return jsonBytes;
  },
};

async function main(): Promise<void> {
  const [name, file] = process.argv.slice(2);
  const task = tasks[name];
  if (!task || !file) throw new Error(`usage: worker <${Object.keys(tasks).join('|')}> FILE`);
  const start = process.hrtime.bigint();
  const count = await task(file);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ task: name, seconds, bytes: statSync(file).size, maxRssMB, count }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
