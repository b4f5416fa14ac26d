// The CLI's way to the running gateway: its ops API over HTTP (the gateway holds the PGlite
// lock, so commands never open the database). URL from DOCKSIDE_URL, token from DOCKSIDE_TOKEN.
import type { CliIo } from './io';

/** Where the gateway is and how to authenticate. */
export interface ApiTarget {
  baseUrl: string;
  token: string | undefined;
}

/** The default URL: the gateway's default HTTP port on loopback. */
export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** The target from the environment. */
export function apiTarget(env: NodeJS.ProcessEnv = process.env): ApiTarget {
  return {
    baseUrl: (env.DOCKSIDE_URL || DEFAULT_URL).replace(/\/+$/, ''),
    token: env.DOCKSIDE_TOKEN || undefined,
  };
}

/** A call that failed, with the one line to print. */
export class ApiCallError extends Error {}

/**
 * Call the API; resolves to the JSON body of a 2xx answer. Anything else (gateway unreachable,
 * token refused, an error answer) is an ApiCallError whose message is one line for the user.
 */
export async function callApi<T>(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${target.baseUrl}/api/v1${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(target.token && { authorization: `Bearer ${target.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new ApiCallError(
      `cannot reach the gateway at ${target.baseUrl} (${cause}); is it running? (set DOCKSIDE_URL)`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return json as T;
  const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const what = err ? `${err.code}: ${err.message}` : `HTTP ${res.status}`;
  if (res.status === 401) {
    throw new ApiCallError(
      target.token
        ? `the gateway refused the token (${what}); check DOCKSIDE_TOKEN`
        : `the gateway needs a token (${what}); set DOCKSIDE_TOKEN`,
    );
  }
  if (res.status === 403) throw new ApiCallError(`the token's role may not do this (${what})`);
  throw new ApiCallError(what);
}

/** Run `body`; an ApiCallError is printed as `dockside NAME: message` and gives exit 1. */
export async function withApi(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ApiCallError) {
      io.err(`dockside ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Query string of the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
