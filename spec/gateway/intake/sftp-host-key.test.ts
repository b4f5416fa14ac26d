// The host key file: generated once in OpenSSH's format, readable by ssh-keygen, kept across starts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateHostKey } from '../../../gateway/intake/sftp-host-key';

describe('loadOrCreateHostKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockside-hostkey-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates an ed25519 key, mode 0600, that ssh-keygen reads', async () => {
    const path = join(dir, 'sub', 'host_ed25519');
    const key = await loadOrCreateHostKey(path);
    expect(key.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const fromSshKeygen = execFileSync('ssh-keygen', ['-y', '-f', path], { encoding: 'utf8' });
    expect(fromSshKeygen.trim().split(' ').slice(0, 2).join(' ')).toBe(key.publicKey);
  });

  it('keeps the key: a second load returns the same key and does not rewrite the file', async () => {
    const path = join(dir, 'host_ed25519');
    const first = await loadOrCreateHostKey(path);
    const text = readFileSync(path, 'utf8');
    const second = await loadOrCreateHostKey(path);
    expect(second.publicKey).toBe(first.publicKey);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('two concurrent first starts agree on one key', async () => {
    const path = join(dir, 'host_ed25519');
    const [a, b] = await Promise.all([loadOrCreateHostKey(path), loadOrCreateHostKey(path)]);
    expect(a.publicKey).toBe(b.publicKey);
  });

  it('refuses a file that is not a private key with DS_INTAKE_HOST_KEY_INVALID', async () => {
    const path = join(dir, 'host_ed25519');
    writeFileSync(path, 'not a key\n');
    await expect(loadOrCreateHostKey(path)).rejects.toMatchObject({ code: 'DS_INTAKE_HOST_KEY_INVALID' });
  });
});
