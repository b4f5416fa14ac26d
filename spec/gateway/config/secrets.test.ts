import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DocksideError } from '../../../canonical/errors';
import { isSecretRef, parseSecretRef, resolveSecret } from '../../../gateway/config/secrets';

describe('secret references', () => {
  const baseDir = mkdtempSync(path.join(tmpdir(), 'dockside-secrets-'));
  writeFileSync(path.join(baseDir, 'sftp-password'), 's3cret\n');
  const env = { SUMMIT_PASSWORD: 'from-env', EMPTY: '' };

  it('parses env: and file: references and nothing else', () => {
    expect(parseSecretRef('env:SUMMIT_PASSWORD')).toEqual({ kind: 'env', name: 'SUMMIT_PASSWORD' });
    expect(parseSecretRef('file:keys/summit/id_ed25519')).toEqual({
      kind: 'file',
      path: 'keys/summit/id_ed25519',
    });
    for (const inline of ['hunter2', 'env:', 'env:1BAD', 'file:', 'file: ', 'ENV:X']) {
      expect(isSecretRef(inline)).toBe(false);
    }
  });

  it('resolves from the environment', async () => {
    await expect(resolveSecret('env:SUMMIT_PASSWORD', { env, baseDir })).resolves.toBe('from-env');
  });

  it('resolves a relative file against baseDir, dropping one trailing newline', async () => {
    await expect(resolveSecret('file:sftp-password', { env, baseDir })).resolves.toBe('s3cret');
    const absolute = `file:${path.join(baseDir, 'sftp-password')}`;
    await expect(resolveSecret(absolute, { env, baseDir: '/nonexistent' })).resolves.toBe('s3cret');
  });

  it('throws typed, non-retryable errors that never contain the value', async () => {
    const fail = (ref: string) =>
      resolveSecret(ref, { env, baseDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
    const missing = (await fail('env:NOT_SET')) as DocksideError;
    expect(missing).toBeInstanceOf(DocksideError);
    expect(missing).toMatchObject({ code: 'DS_CONFIG_SECRET_ENV_MISSING', retryable: false });
    expect(await fail('env:EMPTY')).toMatchObject({ code: 'DS_CONFIG_SECRET_ENV_MISSING' });
    expect(await fail('file:no-such-file')).toMatchObject({ code: 'DS_CONFIG_SECRET_FILE_UNREADABLE' });
    const inline = (await fail('hunter2')) as DocksideError;
    expect(inline.code).toBe('DS_CONFIG_SECRET_REF_INVALID');
    expect(inline.message).not.toContain('hunter2');
  });
});
