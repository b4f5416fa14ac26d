// Every DS_INTAKE_* code the drop-zone watcher, the remote poller and the push client use is in
// their catalogues (the source of their rows in docs/errors.md), and every catalogued code is used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DROPZONE_ERROR_CODES } from '../../../gateway/intake/dropzone-error-codes';
import { REMOTE_ERROR_CODES } from '../../../gateway/intake/remote-error-codes';

const FILES = [
  'dropzone-archive.ts',
  'dropzone-temp-names.ts',
  'dropzone-watcher.ts',
  'remote-connection.ts',
  'remote-poller.ts',
  'sftp-push.ts',
];

describe('drop-zone and remote intake error codes', () => {
  const used = new Set<string>();
  for (const file of FILES) {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'gateway', 'intake', file), 'utf8');
    for (const m of text.matchAll(/'(DS_INTAKE_[A-Z0-9_]+)'/g)) used.add(m[1]);
  }
  const catalogued = new Set([...Object.keys(DROPZONE_ERROR_CODES), ...Object.keys(REMOTE_ERROR_CODES)]);

  it('catalogues every code the modules use', () => {
    expect([...used].filter((c) => !catalogued.has(c))).toEqual([]);
  });

  it('uses every catalogued code', () => {
    expect([...catalogued].filter((c) => !used.has(c))).toEqual([]);
  });
});
