// Holding a recorded drop-zone file before archiving it: the partner's name is taken away at once,
// a file that replaced the recorded one is never held, and held files a stopped gateway left are
// given back.
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELD_STALE_MS, holdRecorded, releaseStale } from '../../../gateway/intake/dropzone-held';
import { isTempName } from '../../../gateway/intake/dropzone-temp-names';

describe('drop-zone held files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dockside-held-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const entries = () => readdirSync(dir, { withFileTypes: true });

  it('holds the recorded file: a file written under its name afterwards is a new file', async () => {
    writeFileSync(join(dir, 'po.edi'), 'recorded');
    const held = await holdRecorded(dir, 'po.edi', lstatSync(join(dir, 'po.edi')));
    expect(held).toBeDefined();
    expect(isTempName(held!.slice(dir.length + 1))).toBe(true);
    writeFileSync(join(dir, 'po.edi'), 'sent again');
    expect(readFileSync(held!, 'utf8')).toBe('recorded');
    expect(readFileSync(join(dir, 'po.edi'), 'utf8')).toBe('sent again');
  });

  it('does not hold a file that replaced the recorded one: it is put back under its name', async () => {
    writeFileSync(join(dir, 'po.edi'), 'recorded');
    utimesSync(join(dir, 'po.edi'), 1_700_000_000, 1_700_000_000);
    const recorded = lstatSync(join(dir, 'po.edi'));
    // Same size and time as the recorded one (an upload that keeps times, `put -p`): the inode tells.
    writeFileSync(join(dir, 'new.tmp'), 'RECORDED');
    utimesSync(join(dir, 'new.tmp'), 1_700_000_000, 1_700_000_000);
    renameSync(join(dir, 'new.tmp'), join(dir, 'po.edi'));
    const now = lstatSync(join(dir, 'po.edi'));
    expect([now.size, now.mtimeMs]).toEqual([recorded.size, recorded.mtimeMs]);
    expect(await holdRecorded(dir, 'po.edi', recorded)).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['po.edi']);
    expect(readFileSync(join(dir, 'po.edi'), 'utf8')).toBe('RECORDED');
  });

  it('holds names up to the file-system limit', async () => {
    const name = `${'é'.repeat(120)}.edi`; // 244 bytes
    writeFileSync(join(dir, name), 'x');
    const held = await holdRecorded(dir, name, lstatSync(join(dir, name)));
    expect(Buffer.byteLength(held!.slice(dir.length + 1))).toBeLessThanOrEqual(255);
  });

  it('gives back held files a stopped gateway left, beside a newer file of the same name', async () => {
    writeFileSync(join(dir, 'po.edi'), 'left held');
    await holdRecorded(dir, 'po.edi', lstatSync(join(dir, 'po.edi')));
    writeFileSync(join(dir, 'po.edi'), 'newer');
    // Held just now: a running gateway may be archiving it; nor is one this process is archiving.
    expect(await releaseStale(dir, entries())).toEqual([]);
    const held = readdirSync(dir).filter((n) => n.startsWith('.'));
    expect(
      await releaseStale(dir, entries(), new Set([join(dir, held[0])]), Date.now() + HELD_STALE_MS + 1),
    ).toEqual([]);
    expect(await releaseStale(dir, entries(), new Set(), Date.now() + HELD_STALE_MS + 1)).toEqual([
      join(dir, 'po-1.edi'),
    ]);
    expect(readdirSync(dir).sort()).toEqual(['po-1.edi', 'po.edi']);
    expect(readFileSync(join(dir, 'po-1.edi'), 'utf8')).toBe('left held');
    expect(readFileSync(join(dir, 'po.edi'), 'utf8')).toBe('newer');
  });
});
