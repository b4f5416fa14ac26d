// The web console's session: the bearer token lives in the `dockside_token` cookie (HttpOnly,
// SameSite=Strict, Path=/); forms carry a CSRF token derived from it, and results of a POST
// travel to the next page in a short-lived signed flash cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, TOKEN_COOKIE } from '../api';

/** Cookie of the flash message shown once on the next page. */
export const FLASH_COOKIE = 'dockside_flash';
/** Name of the hidden form field holding the CSRF token. */
export const CSRF_FIELD = '_csrf';
/** How long the token cookie lives (12 hours): a shift. */
const SESSION_SECONDS = 12 * 60 * 60;

/** One message for the next page. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

function cookie(request: FastifyRequest, name: string, value: string, maxAge: number): string {
  // Secure only over HTTPS: the gateway serves plain HTTP on loopback by default.
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

/** Set-Cookie value that logs the browser in with `token`. */
export function sessionCookie(request: FastifyRequest, token: string): string {
  return cookie(request, TOKEN_COOKIE, token, SESSION_SECONDS);
}

/** Set-Cookie value that removes the session. */
export function clearSessionCookie(request: FastifyRequest): string {
  return cookie(request, TOKEN_COOKIE, '', 0);
}

/**
 * The CSRF token of a session: an HMAC keyed by the bearer token itself, so it is the same in
 * every gateway process (no server state) and unknowable without the token.
 */
export function csrfToken(bearer: string): string {
  return createHmac('sha256', bearer).update('dockside-web-csrf-v1').digest('base64url');
}

/** Whether `presented` is the CSRF token of `bearer` (constant time). */
export function csrfValid(bearer: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 100) return false;
  const want = Buffer.from(csrfToken(bearer));
  const got = Buffer.from(presented);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Whether a state-changing request comes from our own pages: when the browser sends Origin
 * (every modern browser does on POST), it must be this host. Absent Origin (old clients,
 * scripts) leaves the decision to the CSRF token.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const host = request.headers.host;
  if (!host || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Signs flash cookies; a key per process (a flash read by another process is just dropped). */
export class FlashSigner {
  readonly #key = randomBytes(32);

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  /** Set-Cookie value carrying `flash` to the next page. */
  set(request: FastifyRequest, flash: Flash): string {
    const body = Buffer.from(JSON.stringify(flash)).toString('base64url');
    return cookie(request, FLASH_COOKIE, `${body}.${this.#sign(body)}`, 60);
  }

  /** The flash of a request (and the header that clears it), or undefined. */
  take(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
    const raw = readCookie(request.headers.cookie, FLASH_COOKIE);
    if (raw === undefined) return undefined;
    reply.header('set-cookie', cookie(request, FLASH_COOKIE, '', 0));
    const [body, sig] = raw.split('.');
    if (!body || !sig) return undefined;
    const want = Buffer.from(this.#sign(body));
    const got = Buffer.from(sig);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Flash;
      if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string') return parsed;
    } catch {
      // A mangled cookie: no flash.
    }
    return undefined;
  }
}

/** A local path to go back to after login: only "/…" of this site, never "//host" or "/\host". */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  return next;
}
