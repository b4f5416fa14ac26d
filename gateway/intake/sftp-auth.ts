// Login decisions for the hosted SFTP server: public key (key data compared, signature verified)
// or scrypt password, with failures rate-limited per remote address and per username.
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuthContext, ParsedKey, PublicKeyAuthContext } from 'ssh2';
import { utils } from 'ssh2';
import { hashPassword, verifyPassword } from '../config/password';
import type { SftpIntakeErrorCode } from './sftp-error-codes';
import type { FailureLimiter } from './sftp-rate-limit';
import type { SftpAuditEvent, SftpUser } from './sftp-types';

const METHODS: Array<'publickey' | 'password'> = ['publickey', 'password'];

/** What one connection's authentication needs from the server. */
export interface AuthDeps {
  users: () => readonly SftpUser[];
  limiter: FailureLimiter;
  audit: (event: SftpAuditEvent) => void;
  logger: Logger;
}

/** Per-connection state: who is connecting, and whether an unknown key was already counted. */
export interface AuthState {
  remote: string;
  unknownKeyCounted: boolean;
}

/** The outcome: accepted as `user`, rejected (the client may try another method), or cut off. */
export type AuthOutcome =
  { kind: 'accepted'; user: SftpUser } | { kind: 'rejected' } | { kind: 'disconnect' };

let dummyHash: Promise<string> | undefined;
// A wrong username must cost as much as a wrong password, or response times tell which usernames exist.
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('dockside-no-such-user');
  return dummyHash;
}

function sameKey(line: string, offered: PublicKeyAuthContext['key'], logger: Logger): ParsedKey | undefined {
  const parsed = utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    logger.warn(
      { err: parsed instanceof Error ? parsed.message : 'several keys' },
      'unreadable public key in profile',
    );
    return undefined;
  }
  const data = parsed.getPublicSSH();
  return data.length === offered.data.length && timingSafeEqual(data, offered.data) ? parsed : undefined;
}

/**
 * Decide one authentication request. Rejections are answered through `ctx`; an `accepted` outcome is
 * not, so that the caller can check and count the user's sessions before it calls `ctx.accept()`.
 */
export async function authenticate(ctx: AuthContext, state: AuthState, deps: AuthDeps): Promise<AuthOutcome> {
  const { username } = ctx;
  const ipKey = `ip:${state.remote}`;
  const userKey = `user:${username}`;
  const audit = (action: SftpAuditEvent['action'], code: SftpIntakeErrorCode, why: string): void =>
    deps.audit({ action, username, remote: state.remote, detail: `${code}: ${ctx.method}: ${why}` });

  // The address limit refuses everything. The username limit refuses passwords only: a key cannot be
  // guessed, and refusing it too would let anyone lock a partner out by failing on its username.
  if (deps.limiter.isBlocked(ipKey) || (ctx.method === 'password' && deps.limiter.isBlocked(userKey))) {
    audit('login-refused', 'DS_INTAKE_AUTH_RATE_LIMITED', 'too many failed logins, cooling down');
    ctx.reject(METHODS);
    return { kind: 'disconnect' };
  }
  const fail = (why: string): AuthOutcome => {
    audit('login-failed', 'DS_INTAKE_AUTH_FAILED', why);
    const blockedNow = [deps.limiter.recordFailure(ipKey), deps.limiter.recordFailure(userKey)].some(Boolean);
    ctx.reject(METHODS);
    return blockedNow ? { kind: 'disconnect' } : { kind: 'rejected' };
  };

  const user = deps.users().find((u) => u.username === username);
  let accepted: SftpUser | undefined;
  switch (ctx.method) {
    case 'none':
      // The client asking which methods exist: not a failure.
      ctx.reject(METHODS);
      return { kind: 'rejected' };
    case 'publickey': {
      const key = user && user.publicKeys.map((line) => sameKey(line, ctx.key, deps.logger)).find(Boolean);
      if (!key || !user) {
        // Clients offer every key they hold before signing with one: count one miss per connection,
        // not one per key, or a partner with several keys locks itself out.
        if (state.unknownKeyCounted) {
          ctx.reject(METHODS);
          return { kind: 'rejected' };
        }
        state.unknownKeyCounted = true;
        return fail(user ? 'key not authorised' : 'unknown user');
      }
      if (!ctx.signature || !ctx.blob) {
        // A query ("would you take this key?"): ssh2 answers PK_OK; the signed request follows.
        ctx.accept();
        return { kind: 'rejected' };
      }
      if (key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return fail('bad signature');
      accepted = user;
      break;
    }
    case 'password': {
      const stored = user?.passwordHash ?? (await dummyPasswordHash());
      const ok = await verifyPassword(ctx.password, stored);
      if (!ok || !user?.passwordHash) return fail(user ? 'wrong password' : 'unknown user');
      accepted = user;
      break;
    }
    default:
      ctx.reject(METHODS);
      return { kind: 'rejected' };
  }

  return { kind: 'accepted', user: accepted };
}
