// `npm run bench`: generates the input files, runs each measurement in its own process, and
// prints every Dockside figure beside its baseline from the same run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate850File } from './generate-850';

const OUT = join(__dirname, '..', '..', 'bench', 'out');
const MB = 1024 * 1024;

interface Measure {
  task: string;
  seconds: number;
  bytes: number;
  maxRssMB: number;
  count: number;
}

function measure(task: string, file: string): Measure {
  const out = execFileSync(process.execPath, [join(__dirname, 'worker.js'), task, file], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measure;
}

async function ensureFile(name: string, size: number): Promise<string> {
  const file = join(OUT, name);
  if (!existsSync(file) || statSync(file).size < size) {
    process.stdout.write(`generating ${name} (${Math.round(size / MB)} MB)…\n`);
    await generate850File(file, size);
  }
  return file;
}

const mbps = (m: Measure) => m.bytes / MB / m.seconds;
const fmt = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const sizes = (process.env.BENCH_SIZES_MB ?? '50,500').split(',').map(Number);
  process.stdout.write(
    'X12 engine (issue 2): tokenize + envelope + schema validation + 997, vs x12-parser tokenize only\n',
  );
  process.stdout.write(
    'file        | x12-parser MB/s | dockside MB/s |  ratio | x12-parser RSS MB | dockside RSS MB\n',
  );
  for (const size of sizes) {
    const file = await ensureFile(`850-${size}mb.x12`, size * MB);
    const base = measure('x12-parser-tokenize', file);
    const ours = measure('dockside-validate-ack', file);
    process.stdout.write(
      `${`${size} MB`.padEnd(11)} | ${fmt(mbps(base))}         | ${fmt(mbps(ours))}       | ${(mbps(ours) / mbps(base)).toFixed(2).padStart(5)}x | ${fmt(base.maxRssMB)}           | ${fmt(ours.maxRssMB)}\n`,
    );
  }
  process.stdout.write(
    'targets: ratio >= 4x with full validation; dockside peak RSS < 150 MB for every size\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
