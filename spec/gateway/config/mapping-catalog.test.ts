// The mapping catalog read from partners/mappings/: links are followed, and a mapping that cannot be
// read is a positioned error naming its file, never a crash of the whole load.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMappingCatalog } from '../../../gateway/config/mapping-catalog';
import { MAX_CONFIG_FILE_BYTES } from '../../../gateway/config/read-config-file';

// Running as root, chmod 000 does not make a file unreadable: the test makes open() fail instead.
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return { ...actual, open: jest.fn(actual.open) };
});

const MAPPINGS = join(__dirname, '..', '..', '..', 'partners', 'mappings');
const readAt = (file: string) => ({ file, line: 1, column: 1, code: 'DS_CONFIG_READ_FAILED' });

describe('loadMappingCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockside-mappings-'));
  });

  it('takes mappings that are symbolic links to regular files (a Kubernetes ConfigMap mount)', async () => {
    cpSync(MAPPINGS, join(dir, '..2026_11_28'), { recursive: true });
    symlinkSync('..2026_11_28', join(dir, '..data'));
    symlinkSync('..data/northwind-receipts.yaml', join(dir, 'northwind-receipts.yaml'));
    const { mappings, errors } = await loadMappingCatalog(dir);
    expect(errors).toEqual([]);
    expect([...mappings]).toEqual([
      [
        'northwind-receipts',
        expect.objectContaining({ file: join(dir, 'northwind-receipts.yaml'), valid: true, format: 'csv' }),
      ],
    ]);
  });

  it('reports a dangling link, and a link to (or a folder named like) a mapping that is not a file', async () => {
    symlinkSync('gone.yaml', join(dir, 'dangling.yaml'));
    mkdirSync(join(dir, 'folder.yaml'));
    mkdirSync(join(dir, 'target'));
    symlinkSync('target', join(dir, 'to-folder.yaml'));
    const { mappings, errors } = await loadMappingCatalog(dir);
    expect(errors).toEqual([
      {
        ...readAt(join(dir, 'dangling.yaml')),
        message: 'cannot read file: it is a symbolic link to gone.yaml, which does not exist',
      },
      {
        ...readAt(join(dir, 'folder.yaml')),
        message: 'cannot read file: it is a directory, not a regular file',
      },
      {
        ...readAt(join(dir, 'to-folder.yaml')),
        message: 'cannot read file: it is a directory, not a regular file',
      },
    ]);
    // Still catalogued, so a profile that names one is told it has errors rather than that it is unknown.
    expect(mappings.get('dangling')).toEqual({ file: join(dir, 'dangling.yaml'), valid: false });
  });

  it('reports a mapping that cannot be read as an error naming the file', async () => {
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, 'name: secret\n');
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
    jest.mocked(open).mockRejectedValueOnce(denied);
    const { mappings, errors } = await loadMappingCatalog(dir);
    expect(errors).toEqual([{ ...readAt(file), message: 'cannot read file (EACCES)' }]);
    expect(mappings.get('secret')).toEqual({ file, valid: false });
  });

  it('refuses a mapping larger than MAX_CONFIG_FILE_BYTES', async () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\nname: huge\n`);
    const { errors } = await loadMappingCatalog(dir);
    expect(errors).toEqual([
      {
        file,
        line: 1,
        column: 1,
        code: 'DS_CONFIG_FILE_TOO_LARGE',
        message: `file is ${MAX_CONFIG_FILE_BYTES + 14} bytes, more than the ${MAX_CONFIG_FILE_BYTES} a profile or mapping may have`,
      },
    ]);
  });
});
