// The hosted SFTP server's host key: generated once (ed25519) and kept, so partners' known_hosts
// entries stay valid across restarts and upgrades.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { utils } from 'ssh2';
import { intakeError } from './sftp-error-codes';

/** A loaded host key: the OpenSSH private key text for ssh2, and the public key line. */
export interface HostKey {
  privateKey: string;
  publicKey: string;
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * A new ed25519 key in OpenSSH's private key format. node:crypto only exports PKCS#8, which ssh2's
 * key parser does not read for ed25519, so the key is re-encoded (PROTOCOL.key, unencrypted).
 */
export function generateHostKey(comment = 'dockside-sftp'): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const pubBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // The private section is padded to the cipher block size (8 for "none") with bytes 1, 2, 3, …
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(pubBlob),
    sshString(secret),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function parse(text: string, path: string): HostKey {
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error || Array.isArray(parsed) || !parsed.isPrivateKey())
    throw intakeError('DS_INTAKE_HOST_KEY_INVALID', `host key ${path} is not an unencrypted private key`, {
      path,
      cause: parsed instanceof Error ? parsed.message : undefined,
    });
  return { privateKey: text, publicKey: `${parsed.type} ${parsed.getPublicSSH().toString('base64')}` };
}

/**
 * Read the host key at `path`, or generate it (mode 0600) when the file does not exist. Creation is
 * write-to-temp then link(): two gateways starting at once both end up with the one key that won.
 */
export async function loadOrCreateHostKey(path: string): Promise<HostKey> {
  try {
    return parse(await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, generateHostKey(), { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(temp);
  }
  return parse(await readFile(path, 'utf8'), path);
}
