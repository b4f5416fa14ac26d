// Numeric settings from the environment: decimal digits only, empty means unset, and bounded.
import { DocksideError } from '../../../canonical/errors';
import { readSettings } from '../../../gateway/runtime/settings';

/** What readSettings throws for `env` (one variable), as code, variable and message. */
function rejection(env: NodeJS.ProcessEnv): unknown {
  try {
    readSettings(env);
  } catch (e) {
    const { code, context, message } = e as DocksideError;
    return { code, variable: context.variable, message };
  }
  return 'accepted';
}

/** A DS_CONFIG_INVALID_VALUE naming `variable`. */
const refused = (variable: string, message: string) => ({
  code: 'DS_CONFIG_INVALID_VALUE',
  variable,
  message: `${variable}: ${message}`,
});

describe('readSettings', () => {
  it('reads decimal ports, concurrency and lease', () => {
    const s = readSettings({
      DOCKSIDE_HTTP_PORT: '8081',
      DOCKSIDE_SFTP_PORT: '0',
      DOCKSIDE_METRICS_PORT: '9464',
      DOCKSIDE_DISPATCH_CONCURRENCY: '8',
      DOCKSIDE_DISPATCH_LEASE_MS: '86400000',
    });
    expect(s).toMatchObject({
      httpPort: 8081,
      sftpPort: 0,
      metricsPort: 9464,
      dispatchConcurrency: 8,
      dispatchLeaseMs: 86_400_000,
    });
  });

  it.each(['', ' ', '\t'])('takes an empty or blank value (%j) as unset: the default', (value) => {
    const s = readSettings({
      DOCKSIDE_HTTP_PORT: value,
      DOCKSIDE_SFTP_PORT: value,
      DOCKSIDE_METRICS_PORT: value,
      DOCKSIDE_DISPATCH_CONCURRENCY: value,
      DOCKSIDE_DISPATCH_LEASE_MS: value,
    });
    expect(s).toMatchObject({
      httpPort: 8080,
      sftpPort: 2222,
      dispatchConcurrency: 16,
      dispatchLeaseMs: 60_000,
    });
    expect(s.metricsPort).toBeUndefined();
  });

  it.each([' 8081', '8081\n'])('takes %j, blanks around it dropped (a value read from a file)', (value) => {
    expect(readSettings({ DOCKSIDE_HTTP_PORT: value }).httpPort).toBe(8081);
  });

  it.each(['0x1F90', '8e3', '80.0', '-1', '+80', '8 0', '1_000', 'ninety'])(
    'refuses %j as a port',
    (value) => {
      expect(rejection({ DOCKSIDE_HTTP_PORT: value })).toEqual(
        refused('DOCKSIDE_HTTP_PORT', 'expected a whole number in decimal digits'),
      );
    },
  );

  it('refuses numbers out of range, naming the variable', () => {
    expect(rejection({ DOCKSIDE_METRICS_PORT: '65536' })).toEqual(
      refused('DOCKSIDE_METRICS_PORT', 'Too big: expected number to be <=65535'),
    );
    expect(rejection({ DOCKSIDE_DISPATCH_CONCURRENCY: '0' })).toEqual(
      refused('DOCKSIDE_DISPATCH_CONCURRENCY', 'Too small: expected number to be >=1'),
    );
    expect(rejection({ DOCKSIDE_DISPATCH_LEASE_MS: '999' })).toEqual(
      refused('DOCKSIDE_DISPATCH_LEASE_MS', 'Too small: expected number to be >=1000'),
    );
  });

  it.each(['86400001', '9007199254740991', '99999999999999999999999'])(
    'refuses a lease over a day (%s ms)',
    (value) => {
      expect(rejection({ DOCKSIDE_DISPATCH_LEASE_MS: value })).toEqual(
        refused('DOCKSIDE_DISPATCH_LEASE_MS', 'Too big: expected number to be <=86400000'),
      );
    },
  );
});
