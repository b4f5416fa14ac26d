// What is under a drop-zone name can change between the watcher's look and its read: found by
// probing, a FIFO put there blocked the hand-over forever and a symlink had a file outside the
// zone recorded as the partner's.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDroppedFile } from '../../../gateway/intake/dropzone-read';

describe('readDroppedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-dropread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const looked = (name: string, content = 'ISA*00*') => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return { path, stats: lstatSync(path) };
  };

  it('reads the file that was looked at, and nothing once it changed', async () => {
    const { path, stats } = looked('po.edi');
    expect((await readDroppedFile(path, stats, 1000))?.toString()).toBe('ISA*00*');
    writeFileSync(path, 'more', { flag: 'a' });
    expect(await readDroppedFile(path, stats, 1000)).toBeUndefined();
  });

  it('gives nothing for a FIFO put in its place, without blocking', async () => {
    const { path, stats } = looked('fifo.edi');
    rmSync(path);
    execFileSync('mkfifo', [path]);
    expect(await readDroppedFile(path, stats, 1000)).toBeUndefined();
  });

  it('gives nothing for a symlink put in its place, nor for another file (even on the same inode)', async () => {
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'secret');
    const { path, stats } = looked('link.edi');
    rmSync(path);
    symlinkSync(outside, path);
    expect(await readDroppedFile(path, stats, 1000)).toBeUndefined();
    // Same size, and maybe the same inode (a freed one is reused): the time tells them apart.
    rmSync(path);
    writeFileSync(path, 'ISA*01*');
    utimesSync(path, stats.atime, new Date(stats.mtimeMs + 5000));
    expect(await readDroppedFile(path, stats, 1000)).toBeUndefined();
  });

  it('refuses a file over the limit without reading it', async () => {
    const { path, stats } = looked('big.edi', 'x'.repeat(101));
    await expect(readDroppedFile(path, stats, 100)).rejects.toMatchObject({
      code: 'DS_INTAKE_DROPZONE_TOO_LARGE',
    });
  });
});
