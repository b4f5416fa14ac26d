// A real OpenSSH sshd for tests: Debian's openssh-server on a free loopback port, with its own
// config, host key and authorized key in a temp folder, so the remote poller and the push client
// are tested against the server partners actually run. Installs openssh-server when it is missing.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** Installs openssh-server/-client with apt-get when sshd or ssh-keygen is missing (can take a minute). */
export function ensureOpenSsh(): void {
  if (existsSync(SSHD) && existsSync(SSH_KEYGEN)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'openssh-server', 'openssh-client'],
      {
        env,
        stdio: 'pipe',
      },
    );
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update'], { env, stdio: 'pipe' });
    install();
  }
  if (!existsSync(SSHD)) throw new Error(`${SSHD} still missing after apt-get install openssh-server`);
}

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it for sshd). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A running test sshd. */
export interface TestSshd {
  port: number;
  /** The private key (OpenSSH format) whose public half is authorized for the current user. */
  clientKey: Buffer;
  /** `SHA256:…` fingerprint of the server's host key, for host-key pinning tests. */
  hostKeySha256: string;
  /** The current user's name (sshd logs in as this user). */
  username: string;
  /** A temp folder the tests use as the partner's file tree (absolute paths over SFTP). */
  files: string;
  /** What sshd printed (for failing tests). */
  log(): string;
  /** Kills the per-connection sshd processes: open sessions drop, the listener keeps running. */
  dropConnections(): void;
  /** Stops the listener and every session (sshd down). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same keys. */
  start(): Promise<void>;
  /** Stops it and removes its temp folder (afterAll). */
  dispose(): Promise<void>;
}

/** Starts sshd with a private config; call `dispose()` in afterAll. */
export async function startTestSshd(): Promise<TestSshd> {
  ensureOpenSsh();
  mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory sshd insists on
  const dir = mkdtempSync(join(tmpdir(), 'dockside-sshd-'));
  const files = join(dir, 'files');
  mkdirSync(files);
  const keygen = (file: string) =>
    execFileSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' });
  keygen(join(dir, 'host_ed25519'));
  keygen(join(dir, 'client_ed25519'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')));
  const hostKeySha256 = execFileSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', join(dir, 'host_ed25519.pub')])
    .toString()
    .split(' ')[1];
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'Subsystem sftp internal-sftp',
      // Benchmarks open 20 connections at once; the default (10:30:100) drops some.
      'MaxStartups 100',
      'LogLevel INFO',
      '',
    ].join('\n'),
  );
  const username = execFileSync('id', ['-un']).toString().trim();
  let output = '';
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`sshd exited with ${code}: ${output}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForBanner(port), exited]);
  }

  function sessionPids(): number[] {
    const listener = child?.pid;
    if (!listener) return [];
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === listener;
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  function dropConnections(): void {
    for (const pid of sessionPids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    dropConnections();
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await gone;
    child = undefined;
  }

  await start();
  return {
    port,
    clientKey: readFileSync(join(dir, 'client_ed25519')),
    hostKeySha256,
    username,
    files,
    log: () => output,
    dropConnections,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once something on 127.0.0.1:port answers with an SSH banner. */
async function waitForBanner(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
