// Webhook signatures: an HMAC-SHA256 of the exact request bytes, so the receiver can check that a
// delivery came from Dockside and was not altered (no re-serialisation: JSON key order would differ).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature of a webhook delivery. */
export const SIGNATURE_HEADER = 'x-dockside-signature';

/** `sha256=<hex HMAC-SHA256 of body under secret>`. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `header` is the signature of `body` under `secret`; compared in constant time. */
export function verifySignature(secret: string, body: Buffer | string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  // timingSafeEqual throws on different lengths; the length of a valid signature is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
