// Drive OpenSSH's real `sftp` client (and ssh-keygen, ssh-keyscan, sshpass) against a test server.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Install openssh-client and sshpass when `sftp` or `sshpass` is missing (Debian; needs root). */
export function ensureOpenSshTools(): void {
  const missing = ['sftp', 'sshpass', 'ssh-keygen', 'ssh-keyscan'].filter(
    (tool) => spawnSync('which', [tool]).status !== 0,
  );
  if (missing.length === 0) return;
  const install = (): number | null =>
    spawnSync('apt-get', ['install', '-y', 'openssh-client', 'sshpass'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    if (install() !== 0) throw new Error(`cannot install ${missing.join(', ')} with apt-get`);
  }
}

/** A client key pair made by ssh-keygen: the private key file and the public key line. */
export function makeClientKey(dir: string, name = 'id_ed25519'): { keyPath: string; publicKey: string } {
  const keyPath = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', keyPath]);
  return { keyPath, publicKey: readFileSync(`${keyPath}.pub`, 'utf8').trim() };
}

/** How the client logs in. */
export type Login = { username: string; keyPath: string } | { username: string; password: string };

/** The result of one batch run. */
export interface SftpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function command(port: number, login: Login, extra: string[]): { file: string; args: string[] } {
  const common = [
    '-F',
    '/dev/null',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'IdentityAgent=none',
    '-P',
    String(port),
    ...extra,
  ];
  if ('keyPath' in login) {
    const args = [
      ...common,
      '-i',
      login.keyPath,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'PasswordAuthentication=no',
      '-o',
      'KbdInteractiveAuthentication=no',
      '-b',
      '-',
      `${login.username}@127.0.0.1`,
    ];
    return { file: 'sftp', args };
  }
  // `sftp -b` adds BatchMode=yes, which forbids password prompts; the first value of an ssh option
  // wins, so BatchMode=no given before -b keeps the prompt for sshpass to answer.
  const args = [
    '-p',
    login.password,
    'sftp',
    '-o',
    'BatchMode=no',
    ...common,
    '-o',
    'PubkeyAuthentication=no',
    '-o',
    'PreferredAuthentications=password',
    '-o',
    'NumberOfPasswordPrompts=1',
    '-b',
    '-',
    `${login.username}@127.0.0.1`,
  ];
  return { file: 'sshpass', args };
}

/**
 * Start `sftp -b -` in its own process group (so that a test can kill sftp and its ssh child
 * together). Commands are written to stdin; stdin stays open when `keepOpen`.
 */
export function spawnSftp(
  port: number,
  login: Login,
  batch: string[],
  opts: { keepOpen?: boolean; extraArgs?: string[] } = {},
): ChildProcess {
  const { file, args } = command(port, login, opts.extraArgs ?? []);
  const child = spawn(file, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.write(batch.map((line) => `${line}\n`).join(''));
  if (!opts.keepOpen) child.stdin?.end();
  return child;
}

/** Collect a spawned client's output until it exits (or kill it after `timeoutMs`). */
export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<SftpRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run one batch of sftp commands and wait for the client to exit. */
export function runSftp(
  port: number,
  login: Login,
  batch: string[],
  extraArgs: string[] = [],
): Promise<SftpRun> {
  return finished(spawnSftp(port, login, batch, { extraArgs }));
}

/** SIGKILL a client spawned by spawnSftp together with its ssh child. */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * The ed25519 host key a server presents, as `ssh-ed25519 AAAA…`, read by ssh-keyscan. Async: the
 * server under test runs in this process, so a synchronous exec would block it.
 */
export async function scanHostKey(port: number): Promise<string> {
  const child = spawn('ssh-keyscan', ['-T', '5', '-t', 'ed25519', '-p', String(port), '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const { stdout } = await finished(child, 15_000);
  const line = stdout.split('\n').find((l) => l.includes('ssh-ed25519'));
  if (!line) throw new Error(`no ed25519 key from ssh-keyscan: ${stdout}`);
  return line.split(' ').slice(1, 3).join(' ');
}

/** Poll `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
