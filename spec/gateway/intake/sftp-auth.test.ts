// Login decisions with stand-in ssh2 contexts: what the username limit refuses, and what it does not.
import pino from 'pino';
import type { AuthContext } from 'ssh2';
import { hashPassword } from '../../../gateway/config/password';
import { authenticate, type AuthDeps } from '../../../gateway/intake/sftp-auth';
import { FailureLimiter } from '../../../gateway/intake/sftp-rate-limit';
import type { SftpAuditEvent, SftpUser } from '../../../gateway/intake/sftp-types';

function passwordCtx(username: string, password: string): AuthContext {
  return {
    method: 'password',
    username,
    password,
    accept: jest.fn(),
    reject: jest.fn(),
  } as unknown as AuthContext;
}

describe('authenticate', () => {
  let user: SftpUser;
  let audits: SftpAuditEvent[];
  let deps: AuthDeps;
  beforeAll(async () => {
    user = {
      partnerId: 'p',
      username: 'acme',
      publicKeys: [],
      home: '/nonexistent',
      passwordHash: await hashPassword('pw'),
    };
  });
  beforeEach(() => {
    audits = [];
    deps = {
      users: () => [user],
      limiter: new FailureLimiter(2, 60_000),
      audit: (e) => audits.push(e),
      logger: pino({ level: 'silent' }),
    };
  });
  const state = (remote: string) => ({ remote, unknownKeyCounted: false });

  it('accepts the right password without answering the context (the server counts sessions first)', async () => {
    const ctx = passwordCtx('acme', 'pw');
    expect(await authenticate(ctx, state('10.0.0.1'), deps)).toEqual({ kind: 'accepted', user });
    expect(ctx.accept).not.toHaveBeenCalled();
  });

  it('the username limit refuses passwords from any address, the address limit everything', async () => {
    await authenticate(passwordCtx('acme', 'bad'), state('10.0.0.1'), deps);
    expect(await authenticate(passwordCtx('acme', 'bad'), state('10.0.0.2'), deps)).toEqual({
      kind: 'disconnect',
    });
    // Two addresses each failed once: neither is blocked, the username is.
    const right = passwordCtx('acme', 'pw');
    expect(await authenticate(right, state('10.0.0.3'), deps)).toEqual({ kind: 'disconnect' });
    expect(right.reject).toHaveBeenCalled();
    expect(audits.at(-1)?.detail).toMatch(/^DS_INTAKE_AUTH_RATE_LIMITED/);
    expect(await authenticate(passwordCtx('other', 'x'), state('10.0.0.3'), deps)).toEqual({
      kind: 'rejected',
    });
  });

  it('an unknown user costs a scrypt verification and is audited', async () => {
    expect(await authenticate(passwordCtx('ghost', 'pw'), state('10.0.0.9'), deps)).toEqual({
      kind: 'rejected',
    });
    expect(audits[0]).toMatchObject({ action: 'login-failed', username: 'ghost', remote: '10.0.0.9' });
    expect(audits[0].detail).toMatch(/^DS_INTAKE_AUTH_FAILED: password: unknown user/);
  });
});
