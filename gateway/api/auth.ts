// Bearer-token auth of the ops API and web UI. Three roles, viewer < operator < admin; a token
// per role from the settings (DOCKSIDE_ADMIN_TOKEN, DOCKSIDE_OPERATOR_TOKEN, DOCKSIDE_VIEWER_TOKEN).
// Tokens are kept only as sha256 hashes and compared in constant time; failed attempts are
// counted per client address and, past the limit, every call from it gets 429 for a while.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Settings } from '../runtime/settings';
import { sendError } from './errors';

/** The API roles, lowest first. */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The cookie the web UI keeps the token in (HttpOnly, SameSite=Strict). */
export const TOKEN_COOKIE = 'dockside_token';

/** Who is calling: the role and the actor name written to the audit log ('admin-token', …). */
export interface Principal {
  role: Role;
  actor: string;
}

/** Options of ApiAuth (tests shorten the window). */
export interface AuthOptions {
  /** Failed authentications allowed per address within `windowMs` (default 10). */
  maxFailures?: number;
  /** Default 60 s. */
  windowMs?: number;
  now?: () => number;
}

/** The outcome of `authorize`: a principal, or the error to answer with. */
export type AuthOutcome =
  | { ok: true; principal: Principal }
  | {
      ok: false;
      status: 401 | 403 | 429;
      code: string;
      message: string;
      retryAfterSeconds?: number;
      /** 403: who asked (the token is known, its role too low). */
      principal?: Principal;
    };

const rank = (r: Role) => ROLES.indexOf(r);

/** Whether `principal` holds `role` or a higher one (viewer < operator < admin). */
export function allows(principal: Principal, role: Role): boolean {
  return rank(principal.role) >= rank(role);
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Token checks and the per-address failure limiter. One per API instance. */
export class ApiAuth {
  readonly #hashes: { role: Role; hash: Buffer }[];
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(tokens: Settings['tokens'], options: AuthOptions = {}) {
    this.#hashes = ROLES.flatMap((role) => {
      const token = tokens[role];
      return token ? [{ role, hash: sha256(token) }] : [];
    });
    this.#max = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Whether any token is configured (without one the API refuses every call). */
  get configured(): boolean {
    return this.#hashes.length > 0;
  }

  /** The principal of a token, or undefined. Every configured hash is compared (constant time). */
  check(token: string): Principal | undefined {
    const presented = sha256(token);
    let found: Role | undefined;
    for (const { role, hash } of this.#hashes) {
      if (timingSafeEqual(presented, hash) && (found === undefined || rank(role) > rank(found))) found = role;
    }
    return found ? { role: found, actor: `${found}-token` } : undefined;
  }

  /** The token of a request: `Authorization: Bearer …`, else the `dockside_token` cookie. */
  tokenOf(request: FastifyRequest): string | undefined {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
      return m ? m[1] : undefined;
    }
    return readCookie(request.headers.cookie, TOKEN_COOKIE);
  }

  /** The principal of a request, or undefined (no token, unknown token). Counts no failure. */
  authenticate(request: FastifyRequest): Principal | undefined {
    const token = this.tokenOf(request);
    return token === undefined ? undefined : this.check(token);
  }

  /** Authenticate and check the role; failures are counted against the client address. */
  authorize(request: FastifyRequest, needed: Role): AuthOutcome {
    const ip = request.ip;
    const retryAfter = this.#blockedFor(ip);
    if (retryAfter > 0) {
      return {
        ok: false,
        status: 429,
        code: 'DS_API_RATE_LIMITED',
        message: `too many failed authentications from ${ip}; retry in ${retryAfter} s`,
        retryAfterSeconds: retryAfter,
      };
    }
    if (!this.configured) {
      return {
        ok: false,
        status: 401,
        code: 'DS_API_UNAUTHORIZED',
        message: 'the API is disabled: no token is configured (set DOCKSIDE_ADMIN_TOKEN)',
      };
    }
    const token = this.tokenOf(request);
    const principal = token === undefined ? undefined : this.check(token);
    if (!principal) {
      this.#fail(ip);
      return {
        ok: false,
        status: 401,
        code: 'DS_API_UNAUTHORIZED',
        message: token === undefined ? 'a bearer token is required' : 'unknown token',
      };
    }
    if (!allows(principal, needed)) {
      return {
        ok: false,
        status: 403,
        code: 'DS_API_FORBIDDEN',
        message: `this needs the ${needed} role; the token is ${principal.role}`,
        principal,
      };
    }
    return { ok: true, principal };
  }

  /** Count a failed login (the web UI's login form uses this for a wrong token). */
  recordFailure(ip: string): void {
    this.#fail(ip);
  }

  /** Seconds until `ip` may try again (0: not blocked). */
  retryAfter(ip: string): number {
    return this.#blockedFor(ip);
  }

  #fail(ip: string): void {
    const now = this.#now();
    const list = this.#recent(ip, now);
    list.push(now);
    this.#failures.set(ip, list);
    // Bound the map: forget addresses whose failures have all expired.
    if (this.#failures.size > 10_000) {
      for (const [key, times] of this.#failures) {
        if (times.every((t) => t <= now - this.#windowMs)) this.#failures.delete(key);
      }
    }
  }

  #recent(ip: string, now: number): number[] {
    return (this.#failures.get(ip) ?? []).filter((t) => t > now - this.#windowMs);
  }

  #blockedFor(ip: string): number {
    const now = this.#now();
    const list = this.#recent(ip, now);
    if (list.length === 0) this.#failures.delete(ip);
    if (list.length < this.#max) return 0;
    // Blocked until enough failures leave the window to go below the limit.
    const freeAt = list[list.length - this.#max] + this.#windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }
}

/** An onRequest hook that lets the call through only with `role` or above. */
export function requireRole(
  auth: ApiAuth,
  role: Role,
  log: Logger,
  /** Called before a known token with too low a role is answered 403 (the audit of refusals). */
  forbidden?: (request: FastifyRequest, principal: Principal) => Promise<void>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = auth.authorize(request, role);
    if (outcome.ok) {
      request.principal = outcome.principal;
      return;
    }
    if (outcome.principal) await forbidden?.(request, outcome.principal);
    if (outcome.status !== 403) {
      log.warn({ ip: request.ip, url: request.url, code: outcome.code }, 'api auth failed');
    }
    if (outcome.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(outcome.retryAfterSeconds));
    if (outcome.status === 401) reply.header('www-authenticate', 'Bearer realm="dockside"');
    return sendError(reply, outcome.status, outcome.code, outcome.message);
  };
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireRole once the caller is authenticated. */
    principal?: Principal;
  }
}
