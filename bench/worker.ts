// One benchmark measurement in its own process, so its peak RSS is its own.
// Usage: node dist/bench/worker.js <task> <file>; prints one JSON line { seconds, bytes, maxRssMB, count }.
import { createReadStream, statSync } from 'node:fs';
import { X12parser } from 'x12-parser';
import { analyzeX12Stream } from '../translators/x12/analyze';
import { buildAcks, counterControlNumbers } from '../translators/x12/ack-builder';

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
