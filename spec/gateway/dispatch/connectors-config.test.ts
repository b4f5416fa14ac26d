// The connectors file: what it accepts, its defaults, and a positioned error for each mistake.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocksideError } from '../../../canonical/errors';
import { loadConnectorsConfig, parseConnectorsConfig } from '../../../gateway/dispatch/connectors-config';
import { checkRoutes } from '../../../gateway/dispatch';
import type { PartnerProfile } from '../../../gateway/config/profile-schema';

function errorOf(text: string): DocksideError {
  try {
    parseConnectorsConfig(text, 'connectors.yaml');
  } catch (e) {
    return e as DocksideError;
  }
  throw new Error('parsed without error');
}

describe('connectors file', () => {
  it('reads webhook and file connectors, defaults filled, per-connector retry merged over the global one', () => {
    const config = parseConnectorsConfig(
      [
        'connectors:',
        '  erp:',
        '    type: webhook',
        '    url: https://127.0.0.1:8443/events',
        '    secret: env:ERP_SECRET',
        '    retry: { maxAttempts: 3 }',
        '  archive: { type: file }',
        'retry: { initialDelayMs: 500 }',
      ].join('\n'),
      'connectors.yaml',
    );
    expect(config.connectors.get('erp')).toMatchObject({
      type: 'webhook',
      timeoutMs: 10_000,
      secret: 'env:ERP_SECRET',
    });
    expect(config.connectors.get('archive')).toEqual({ type: 'file', path: 'erp/events.jsonl' });
    expect(config.retryFor('erp')).toEqual({ maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 600_000 });
    expect(config.retryFor('archive')).toEqual({ maxAttempts: 40, initialDelayMs: 500, maxDelayMs: 600_000 });
  });

  it('without a file: one file connector named default', async () => {
    const config = await loadConnectorsConfig(undefined);
    expect([...config.connectors.entries()]).toEqual([
      ['default', { type: 'file', path: 'erp/events.jsonl' }],
    ]);
  });

  it.each([
    [
      'an inline secret',
      'connectors:\n  erp:\n    type: webhook\n    url: http://127.0.0.1/e\n    secret: hunter2\n',
      /connectors\.yaml:5:\d+ .*secret reference/,
    ],
    [
      'a URL that is not http(s)',
      'connectors:\n  erp:\n    type: webhook\n    url: ftp://127.0.0.1/e\n',
      /connectors\.yaml:4:\d+ .*http/,
    ],
    ['an unknown type', 'connectors:\n  erp:\n    type: kafka\n', /connectors\.yaml:3:\d+/],
    ['an unknown field', 'connectors:\n  erp:\n    type: file\n    pth: x\n', /connectors\.yaml:4:\d+ .*pth/],
    [
      'a name that is not kebab-case',
      'connectors:\n  My_ERP: { type: file }\n',
      /connectors\.yaml:2:\d+ .*kebab/,
    ],
    ['a negative attempt count', 'connectors: {}\nretry: { maxAttempts: -1 }\n', /connectors\.yaml:2:\d+/],
    ['broken YAML', 'connectors:\n  erp: [\n', /connectors\.yaml:\d+:\d+ YAML syntax error/],
  ])('refuses %s with file:line', (_what, text, message) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(DocksideError);
    expect(e.code).toBe('DS_CONFIG_INVALID_VALUE');
    expect(e.message).toMatch(message);
  });

  it('a missing file is DS_CONFIG_READ_FAILED naming it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dockside-conn-')), 'nope.yaml');
    await expect(loadConnectorsConfig(file)).rejects.toMatchObject({
      code: 'DS_CONFIG_READ_FAILED',
      message: expect.stringContaining(file),
    });
  });

  it('a profile that routes to a connector the file lacks stops the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockside-conn-'));
    writeFileSync(join(dir, 'c.yaml'), 'connectors:\n  default: { type: file }\n');
    const config = parseConnectorsConfig('connectors:\n  default: { type: file }\n', 'c.yaml');
    const profile = (erp: PartnerProfile['erp']) => ({ id: 'acme', erp }) as PartnerProfile;
    expect(() => checkRoutes([profile({ connector: 'default' })], config)).not.toThrow();
    expect(() =>
      checkRoutes([profile({ connector: 'default', byType: { 'invoice.received': 'accounting' } })], config),
    ).toThrow(
      expect.objectContaining({
        code: 'DS_CONFIG_UNKNOWN_CONNECTOR',
        message: expect.stringContaining('"accounting"'),
      }),
    );
  });
});
