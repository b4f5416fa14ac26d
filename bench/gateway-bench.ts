// Gateway benchmarks (issue 5), each in its own process:
//   dropzone: 1,000 files of one 850 each written into a drop zone → events committed and 997s
//     written: files/s and p50/p99 latency (file complete → event committed), beside the time to
//     merely copy the same files into a folder.
//   sftp: 20 parallel OpenSSH `sftp` uploads of a 100 MB file to the hosted server, beside the
//     same uploads to Debian's sshd/sftp-server on another loopback port.
// Usage: node dist/bench/gateway-bench.js dropzone|sftp; prints one JSON line.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway } from '../gateway/runtime/gateway';
import { startSftpServer } from '../gateway/intake/sftp-server';
import { startTestSshd } from '../spec/gateway/intake/sshd/test-sshd';
import { readSettings } from '../gateway/runtime/settings';
import { percentile } from './percentile';

const ROOT = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function order(n: number): string {
  const icn = String(n).padStart(9, '0');
  return (
    `ISA*00*          *00*          *ZZ*NORTHWIND3PL   *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*${icn}*0*P*>~\n` +
    `GS*PO*NORTHWIND3PL*DOCKSIDEDIST*20261124*0900*${n}*X*004010~\nST*850*0001~\n` +
    `BEG*00*SA*PO-${n}**20261124~\nN1*ST*STORE 12~\nPO1*1*12*EA*3.25**VN*SKU-${n % 100}~\n` +
    `PO1*2*6*CA*18.00**VN*SKU-${(n + 1) % 100}~\nCTT*2~\nSE*7*0001~\nGE*1*${n}~\nIEA*1*${icn}~\n`
  );
}

/** Write files as a 3PL would (temp name, then rename); returns write-complete times by name. */
async function offer(
  dir: string,
  from: number,
  count: number,
  perSecond: number,
): Promise<Map<string, number>> {
  const written = new Map<string, number>();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (perSecond > 0) {
      const due = start + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const name = `po-${from + i}.x12`;
    writeFileSync(join(dir, `.${name}.tmp`), order(from + i));
    renameSync(join(dir, `.${name}.tmp`), join(dir, name));
    written.set(name, performance.now());
  }
  return written;
}

async function dropzone(): Promise<Record<string, number>> {
  const home = mkdtempSync(join(tmpdir(), 'dockside-bench-'));
  cpSync(join(ROOT, 'partners'), join(home, 'partners'), { recursive: true });
  const inbound = join(home, 'dropzones', 'northwind', 'inbound');

  // Baseline: only copying the files into a folder.
  const plain = join(home, 'plain');
  mkdirSync(plain);
  let t = performance.now();
  await offer(plain, 1, 1000, 0);
  const copyFilesPerS = 1000 / ((performance.now() - t) / 1000);

  const gateway = await startGateway(
    readSettings({
      DOCKSIDE_HOME: home,
      DOCKSIDE_PARTNERS: join(home, 'partners'),
      DOCKSIDE_SFTP_PORT: '0',
      DOCKSIDE_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    }),
    pino({ level: 'silent' }),
  );
  const committed = new Map<string, number>();
  gateway.pipeline.onFileCommitted((name) => committed.set(name, performance.now()));
  const outbound = join(home, 'dropzones', 'northwind', 'outbound');
  const until = async (n: number) => {
    while (committed.size < n) await sleep(5);
    while (readdirSync(outbound).filter((f) => f.startsWith('997')).length < n) await sleep(5);
  };

  // Latency at 50 files/s offered (500 files).
  const paced = await offer(inbound, 1, 500, 50);
  await until(500);
  const latencies = [...paced].map(([name, at]) => (committed.get(name) as number) - at);

  // Sustained: 1,000 files as fast as they can be written.
  t = performance.now();
  await offer(inbound, 10_001, 1000, 0);
  await until(1500);
  const sustainedFilesPerS = 1000 / ((performance.now() - t) / 1000);
  await gateway.stop();
  rmSync(home, { recursive: true, force: true });
  return {
    copyFilesPerS,
    sustainedFilesPerS,
    p50LatencyMs: percentile(latencies, 50),
    p99LatencyMs: percentile(latencies, 99),
  };
}

function sftpPut(port: number, keyPath: string, user: string, local: string, remote: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'sftp',
      ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
        '-o', 'IdentitiesOnly=yes', '-i', keyPath, '-P', String(port), '-b', '-', `${user}@127.0.0.1`], // prettier-ignore
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.end(`put ${local} ${remote}\n`);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sftp exit ${code}: ${err}`))));
  });
}

async function parallelUploads(
  put: (i: number) => Promise<void>,
  count: number,
  bytes: number,
): Promise<number> {
  const t = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => put(i)));
  return (count * bytes) / (1024 * 1024) / ((performance.now() - t) / 1000);
}

async function sftp(): Promise<Record<string, number>> {
  const SIZE = Number(process.env.BENCH_SFTP_MB ?? 100) * 1024 * 1024;
  const PARALLEL = 20;
  const dir = mkdtempSync(join(tmpdir(), 'dockside-sftp-bench-'));
  const local = join(dir, 'payload.bin');
  writeFileSync(local, Buffer.alloc(SIZE, 'X12*'));

  const sshd = await startTestSshd();
  const sshdKey = join(dir, 'sshd_key');
  writeFileSync(sshdKey, sshd.clientKey, { mode: 0o600 });
  const openssh = await parallelUploads(
    (i) => sftpPut(sshd.port, sshdKey, sshd.username, local, join(sshd.files, `up-${i}.bin`)),
    PARALLEL,
    SIZE,
  );
  await sshd.dispose();

  const home = join(dir, 'home');
  mkdirSync(join(home, 'inbound'), { recursive: true });
  mkdirSync(join(home, 'outbound'), { recursive: true });
  const key = join(dir, 'id_ed25519');
  await new Promise((r) => spawn('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]).on('exit', r));
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
  const server = await startSftpServer({
    port: 0,
    hostKeyPath: join(dir, 'host_key'),
    users: () => [
      { partnerId: 'bench', username: 'bench', publicKeys: [publicKey], home, maxSessions: PARALLEL + 5 },
    ],
    onUpload: async () => undefined,
  });
  const dockside = await parallelUploads(
    (i) => sftpPut(server.port, key, 'bench', local, `inbound/up-${i}.bin`),
    PARALLEL,
    SIZE,
  );
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return { opensshMBps: openssh, docksideMBps: dockside };
}

async function main(): Promise<void> {
  const task = process.argv[2];
  const result = task === 'dropzone' ? await dropzone() : task === 'sftp' ? await sftp() : undefined;
  if (!result) throw new Error('usage: gateway-bench dropzone|sftp');
  process.stdout.write(
    JSON.stringify({ task, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
  process.exit(0);
}

if (!existsSync(join(ROOT, 'partners'))) throw new Error('run from the project folder');
main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
