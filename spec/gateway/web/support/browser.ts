// Helpers of the console's browser tests: a headless Debian Chromium (installed with apt-get
// when absent), an SFTP upload as a partner (ssh2 client), polling, and the screenshot folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ssh2';

/** Where Debian puts Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of every page (ignored by git). */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts');

/**
 * Make sure Chromium is there, installing Debian's package when it is not. Returns why the
 * browser tests must be skipped, or undefined when they can run. Runs at collection time so
 * that a missing browser shows as skipped tests, not as passes.
 */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'ignore',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
    install();
  }
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing and "apt-get install -y chromium" failed`;
}

/** The screenshot path of `name` (the folder is created). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Upload `data` to `remotePath` on the hosted SFTP server, logging in with a password. */
export function sftpPut(
  port: number,
  username: string,
  password: string,
  remotePath: string,
  data: string | Buffer,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = new Client();
    conn
      .on('ready', () => {
        conn.sftp((err, sftp) => {
          if (err) {
            conn.end();
            return reject(err);
          }
          sftp.writeFile(remotePath, data, (e) => {
            conn.end();
            if (e) reject(e);
            else resolve();
          });
        });
      })
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username, password, readyTimeout: 20_000 });
  });
}

/** Poll `check` until it returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
