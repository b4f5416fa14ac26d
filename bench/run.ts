// `npm run bench`: generates the input files, runs each measurement in its own process, and
// prints every Dockside figure beside its baseline from the same run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate850File } from './generate-850';
import { generateShipmentCsv } from './generate-csv';
import { runOpsBench } from './ops-bench';

const OUT = join(__dirname, '..', '..', 'bench', 'out');
const MB = 1024 * 1024;

interface Measure {
  task: string;
  seconds: number;
  bytes: number;
  maxRssMB: number;
  count: number;
}

function measureOnce(task: string, file: string): Measure {
  const out = execFileSync(process.execPath, [join(__dirname, 'worker.js'), task, file], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measure;
}

/** Runs of a task and its baseline alternate; each figure is the median of BENCH_RUNS (default 3). */
function compare(baseTask: string, ourTask: string, file: string): [Measure, Measure] {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const base: Measure[] = [];
  const ours: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(measureOnce(baseTask, file));
    ours.push(measureOnce(ourTask, file));
  }
  const median = (m: Measure[]) => [...m].sort((a, b) => a.seconds - b.seconds)[Math.floor(m.length / 2)];
  const peak = (m: Measure[]) => Math.max(...m.map((x) => x.maxRssMB));
  return [
    { ...median(base), maxRssMB: peak(base) },
    { ...median(ours), maxRssMB: peak(ours) },
  ];
}

async function ensureFile(
  name: string,
  size: number,
  generate: (path: string, bytes: number) => Promise<number>,
): Promise<string> {
  const file = join(OUT, name);
  if (!existsSync(file) || statSync(file).size < size) {
    process.stdout.write(`generating ${name} (${Math.round(size / MB)} MB)…\n`);
    await generate(file, size);
  }
  return file;
}

/** One row: a Dockside task beside its baseline on the same file. */
function row(label: string, base: Measure, ours: Measure): string {
  return `${label.padEnd(24)} | ${fmt(mbps(base))}  | ${fmt(mbps(ours))}  | ${(mbps(ours) / mbps(base)).toFixed(2).padStart(5)}x | ${fmt(base.maxRssMB)}  | ${fmt(ours.maxRssMB)}\n`;
}

const HEAD = 'file                     | base MB/s | ours MB/s |  ratio | base RSS MB | ours RSS MB\n';

const mbps = (m: Measure) => m.bytes / MB / m.seconds;
const fmt = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const sizes = (process.env.BENCH_SIZES_MB ?? '50,500').split(',').map(Number);
  const csvSize = Number(process.env.BENCH_CSV_MB ?? 100);
  // BENCH_SECTIONS=x12,events,csv,gateway,dispatch,ops (default: all) runs a part of the bench.
  const sections = new Set((process.env.BENCH_SECTIONS ?? 'x12,events,csv,gateway,dispatch,ops').split(','));
  const say = (text: string) => process.stdout.write(text);

  if (sections.has('x12')) {
    say(
      '\nX12 engine (issue 2): tokenize + envelope + schema validation + 997s; base = x12-parser tokenize only\n',
    );
    say(HEAD);
    for (const size of sizes) {
      const file = await ensureFile(`850-${size}mb.x12`, size * MB, generate850File);
      say(row(`850s, ${size} MB`, ...compare('x12-parser-tokenize', 'dockside-validate-ack', file)));
    }
    say('targets: ratio >= 4x; ours peak RSS < 150 MB at every size\n');
  }
  if (sections.has('events')) {
    say(
      '\nCanonical events (issue 3): X12 → validated events as JSON lines; base = x12-parser tokenize only\n',
    );
    say(HEAD);
    const x12 = await ensureFile(`850-${sizes[0]}mb.x12`, sizes[0] * MB, generate850File);
    say(row(`850s, ${sizes[0]} MB`, ...compare('x12-parser-tokenize', 'dockside-x12-events', x12)));
    say('target: ratio >= 3x; ours peak RSS < 150 MB\n');
  }
  if (sections.has('csv')) {
    say('\n3PL CSV → shipment.confirmed events (issue 3); base = csv-parse alone on the same file\n');
    say(HEAD);
    const csv = await ensureFile(`shipments-${csvSize}mb.csv`, csvSize * MB, generateShipmentCsv);
    say(row(`shipments, ${csvSize} MB`, ...compare('csv-parse-raw', 'dockside-csv-events', csv)));
    say('target: ratio >= 0.5x\n');
  }
  if (sections.has('gateway')) {
    say('\nGateway (issue 5), embedded defaults (PGlite, in-process pipeline)\n');
    const dz = childBench('gateway-bench.js', 'dropzone');
    say(
      `drop zone, one 850 per file: copy only ${dz.copyFilesPerS.toFixed(0)} files/s | gateway sustained ${dz.sustainedFilesPerS.toFixed(0)} files/s (1,000 files)\n`,
    );
    say(
      `file complete → event committed, 500 files at 50 files/s offered: p50 ${dz.p50LatencyMs.toFixed(0)} ms, p99 ${dz.p99LatencyMs.toFixed(0)} ms\n`,
    );
    say('targets: p99 < 1000 ms at 50 files/s; sustained >= 200 files/s\n');
    const up = childBench('gateway-bench.js', 'sftp');
    say(
      `20 parallel OpenSSH sftp uploads of ${process.env.BENCH_SFTP_MB ?? 100} MB: Debian sshd ${up.opensshMBps.toFixed(1)} MB/s | dockside ${up.docksideMBps.toFixed(1)} MB/s | ratio ${(up.docksideMBps / up.opensshMBps).toFixed(2)}x\n`,
    );
    say('target: ratio >= 0.5x\n');
  }
  if (sections.has('dispatch')) {
    say('\nERP dispatch (issue 6): outbox → mock ERP (webhook, keep-alive, 32 in flight), 5,000 events\n');
    const d = childBench('dispatch-bench.js');
    // BENCH_DISPATCH_MODES (passed on to the child) may leave modes out: print what was measured.
    const ratio = (x: number) => (d.rawPerS === undefined ? '' : ` (${(x / d.rawPerS).toFixed(2)}x)`);
    if (d.rawPerS !== undefined) say(`plain POST loop, no queue: ${d.rawPerS.toFixed(0)} events/s\n`);
    const modes: [string, string][] = [
      ['embedded', 'embedded (PGlite)'],
      ['embeddedPg', 'embedded (PostgreSQL)'],
      ['bullmq', 'BullMQ, 2 dockside workers (PostgreSQL + Redis)'],
    ];
    for (const [key, label] of modes) {
      const [perS, p50, p99] = [d[`${key}PerS`], d[`${key}P50Ms`], d[`${key}P99Ms`]];
      if (perS === undefined) continue;
      say(
        `${label}: ${perS.toFixed(0)} events/s${ratio(perS)}; at 200 events/s p50 ${p50} ms, p99 ${p99} ms\n`,
      );
    }
    say('targets: queued >= 0.5x the plain loop; p99 < 250 ms at 200 events/s\n');
  }
  if (sections.has('ops')) {
    say('\nOps API (issue 7), PostgreSQL with 100,000 files and 1,000,000 events; plain loop over HTTP\n');
    const r = await runOpsBench({ say });
    say(`loaded in ${r.loadSeconds.toFixed(0)} s\n`);
    for (const l of r.latencies) {
      say(
        `${l.label.padEnd(36)} | p50 ${l.p50.toFixed(1).padStart(6)} ms | p95 ${l.p95.toFixed(1).padStart(6)} ms | max ${l.max.toFixed(1).padStart(6)} ms | ${l.requests} requests\n`,
      );
    }
    say('target: file list with a filter and file detail p95 < 100 ms\n');
  }
}

/** Run a benchmark script of dist/bench in its own process; it prints one JSON line last. */
function childBench(script: string, ...args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [join(__dirname, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
    cwd: join(__dirname, '..', '..'),
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
