// The jail's path rules, the folder permissions, the failed-login limiter and the upload helpers,
// without a network peer.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPath, lstatInJail, resolveClientPath } from '../../../gateway/intake/jail';
import { checkAccess } from '../../../gateway/intake/sftp-permissions';
import { FailureLimiter } from '../../../gateway/intake/sftp-rate-limit';
import { Upload, staleUploads, suffixedName } from '../../../gateway/intake/sftp-upload';

describe('resolveClientPath', () => {
  it.each([
    ['', '/'],
    ['.', '/'],
    ['/', '/'],
    ['inbound', '/inbound'],
    ['/inbound//po.edi', '/inbound/po.edi'],
    ['inbound/./x/../po.edi', '/inbound/po.edi'],
    ['inbound/..', '/'],
  ])('%j resolves to %j', (input, virtual) => {
    expect(resolveClientPath(input).virtual).toBe(virtual);
  });

  it.each(['..', '/..', '../../etc/passwd', 'inbound/../../x', 'a\0b'])('refuses %j', (input) => {
    expect(() => resolveClientPath(input)).toThrow(
      expect.objectContaining({ code: 'DS_INTAKE_PATH_OUTSIDE_ROOT' }),
    );
  });

  it('maps an absolute client path under the home, never to the host path', () => {
    expect(hostPath('/srv/home', resolveClientPath('/etc/passwd'))).toBe('/srv/home/etc/passwd');
  });
});

describe('lstatInJail', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'dockside-jail-'));
    mkdirSync(join(home, 'outbound'));
    writeFileSync(join(home, 'outbound', 'a.x12'), 'x');
    symlinkSync('/etc', join(home, 'outbound', 'etc'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('returns the stats of an existing file, undefined for a missing one', async () => {
    expect((await lstatInJail(home, resolveClientPath('/outbound/a.x12')))?.isFile()).toBe(true);
    expect(await lstatInJail(home, resolveClientPath('/outbound/missing'))).toBeUndefined();
  });

  it('refuses a symlink as the last component and in the middle', async () => {
    for (const p of ['/outbound/etc', '/outbound/etc/passwd'])
      await expect(lstatInJail(home, resolveClientPath(p))).rejects.toMatchObject({
        code: 'DS_INTAKE_SYMLINK_REFUSED',
      });
  });
});

describe('checkAccess', () => {
  const deny = (path: string, op: Parameters<typeof checkAccess>[1]): string | undefined => {
    try {
      checkAccess(resolveClientPath(path), op);
      return undefined;
    } catch (err) {
      return (err as { code: string }).code;
    }
  };
  it('allows what each folder is for', () => {
    expect(deny('/', 'list')).toBeUndefined();
    expect(deny('/inbound/po.edi', 'upload')).toBeUndefined();
    expect(deny('/inbound/po.edi', 'rename')).toBeUndefined();
    expect(deny('/outbound/997.x12', 'read')).toBeUndefined();
    expect(deny('/outbound/997.x12', 'remove')).toBeUndefined();
  });
  it('refuses the rest', () => {
    expect(deny('/tmp', 'stat')).toBe('DS_INTAKE_PERMISSION_DENIED');
    expect(deny('/inbound/po.edi', 'read')).toBe('DS_INTAKE_PERMISSION_DENIED');
    expect(deny('/inbound/po.edi', 'remove')).toBe('DS_INTAKE_PERMISSION_DENIED');
    expect(deny('/outbound/x', 'upload')).toBe('DS_INTAKE_PERMISSION_DENIED');
    expect(deny('/inbound/sub/po.edi', 'upload')).toBe('DS_INTAKE_PERMISSION_DENIED');
    expect(deny('/inbound', 'upload')).toBe('DS_INTAKE_PERMISSION_DENIED');
    // Names that would mislead in logs and pages (found by a probe: recorded as sent).
    for (const name of [
      'new\nline.x12',
      'ctl\u001b[31m.x12',
      '\u202egpj.x12',
      'del\u007f.x12',
      'c1\u0085.x12',
    ])
      expect([name, deny(`/inbound/${name}`, 'upload')]).toEqual([name, 'DS_INTAKE_NAME_INVALID']);
    expect(deny('/inbound/café déjà.x12', 'upload')).toBeUndefined();
    expect(deny('/inbound/.po.edi.0123456789ab.part', 'stat')).toBe('DS_INTAKE_NAME_INVALID');
    expect(deny(`/inbound/${'x'.repeat(201)}`, 'upload')).toBe('DS_INTAKE_NAME_INVALID');
  });
});

describe('FailureLimiter', () => {
  it('blocks a key at the Nth failure within a minute, until the cool-down ends', () => {
    let now = 0;
    const limiter = new FailureLimiter(3, 10_000, () => now);
    expect(limiter.recordFailure('ip:1')).toBe(false);
    expect(limiter.recordFailure('ip:1')).toBe(false);
    expect(limiter.isBlocked('ip:1')).toBe(false);
    expect(limiter.recordFailure('ip:1')).toBe(true);
    expect(limiter.isBlocked('ip:1')).toBe(true);
    expect(limiter.isBlocked('ip:2')).toBe(false);
    now = 10_001;
    expect(limiter.isBlocked('ip:1')).toBe(false);
  });

  it('forgets failures older than a minute', () => {
    let now = 0;
    const limiter = new FailureLimiter(2, 10_000, () => now);
    limiter.recordFailure('k');
    now = 61_000;
    expect(limiter.recordFailure('k')).toBe(false);
  });
});

describe('uploads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockside-upload-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names duplicates with a suffix before the extension', () => {
    expect(suffixedName('po.edi', 1)).toBe('po-1.edi');
    expect(suffixedName('README', 2)).toBe('README-2');
  });

  it('writes out of order, links into place without clobbering, and leaves no part file', async () => {
    writeFileSync(join(dir, 'po.edi'), 'older');
    const upload = await Upload.start(dir, 'po.edi', 100);
    await Promise.all([upload.write(5, Buffer.from('world')), upload.write(0, Buffer.from('hello'))]);
    const info = await upload.finish();
    expect(info).toEqual({ path: join(dir, 'po-1.edi'), name: 'po-1.edi', size: 10 });
    expect(readdirSync(dir).sort()).toEqual(['po-1.edi', 'po.edi']);
  });

  it('fails past the size limit and removes the part file', async () => {
    const upload = await Upload.start(dir, 'big.edi', 8);
    await expect(upload.write(4, Buffer.alloc(5))).rejects.toMatchObject({
      code: 'DS_INTAKE_FILE_TOO_LARGE',
    });
    await expect(upload.finish()).rejects.toMatchObject({ code: 'DS_INTAKE_FILE_TOO_LARGE' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps only stale part files', async () => {
    const old = join(dir, '.a.edi.0123456789ab.part');
    writeFileSync(old, 'x');
    utimesSync(old, new Date(0), new Date(0));
    writeFileSync(join(dir, '.b.edi.0123456789ab.part'), 'fresh');
    writeFileSync(join(dir, 'c.edi'), 'kept');
    expect((await staleUploads(dir, 60_000)).removed).toEqual(['.a.edi.0123456789ab.part']);
    expect(readdirSync(dir).sort()).toEqual(['.b.edi.0123456789ab.part', 'c.edi']);
  });
});
