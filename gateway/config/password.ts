// Hosted-SFTP passwords are stored only as scrypt hashes: `scrypt$N$r$p$saltBase64$hashBase64`.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt cost for new hashes. N=2^15 (32 MiB per login) is below OWASP's 2^17 on purpose: every
 * concurrent SFTP login attempt costs that memory. The cost is stored in each hash, so raising it
 * later needs no migration.
 */
export const SCRYPT_DEFAULTS = { N: 32768, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

// A profile is edited by people: cap the cost so a typo in N cannot make every login take minutes or
// exhaust memory (scrypt needs about 128 * N * r bytes).
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** The parts of a stored hash. */
export interface PasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Parse `scrypt$N$r$p$salt$hash`; undefined when malformed or when the cost is out of range. */
export function parsePasswordHash(text: string): PasswordHash | undefined {
  const m = FORMAT.exec(text);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return undefined;
  const salt = Buffer.from(m[4], 'base64');
  const hash = Buffer.from(m[5], 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

function derive(
  plain: string,
  salt: Buffer,
  keyBytes: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, keyBytes, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hash a password for a profile's `passwordHash` (random salt, SCRYPT_DEFAULTS cost). */
export async function hashPassword(plain: string): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  const key = await derive(plain, salt, keyBytes, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `plain` matches `stored`; false for a wrong password or a malformed hash (never throws). */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const key = await derive(plain, parsed.salt, parsed.hash.length, parsed.N, parsed.r, parsed.p);
  // Constant-time compare: the time taken must not reveal how many leading bytes matched.
  return timingSafeEqual(key, parsed.hash);
}
