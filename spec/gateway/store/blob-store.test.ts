// Content-addressed blobs: atomic (temp name, fsync, rename) and idempotent.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileBlobStore, type BlobStore } from '../../../gateway/store/blob-store';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('blob store', () => {
  let root: string;
  let blobs: BlobStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dockside-blobs-'));
    blobs = fileBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores a buffer under ab/cd/<sha256> and reads it back', async () => {
    const bytes = Buffer.from('ISA*00*          *00*~');
    const ref = await blobs.putBlob(bytes);
    const hash = sha(bytes);
    expect(ref).toEqual({
      sha256: hash,
      size: bytes.length,
      path: join(root, hash.slice(0, 2), hash.slice(2, 4), hash),
    });
    expect(await blobs.getBlob(hash)).toEqual(bytes);
    expect(await blobs.hasBlob(hash)).toBe(true);
    expect(statSync(ref.path).size).toBe(bytes.length);
  });

  it('stores a stream in chunks with the same hash as the whole', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    const ref = await blobs.putBlob(Readable.from(chunks));
    const whole = Buffer.concat(chunks);
    expect(ref).toMatchObject({ sha256: sha(whole), size: whole.length });
    const streamed: Buffer[] = [];
    for await (const c of await blobs.openBlob(ref.sha256)) streamed.push(c as Buffer);
    // Buffer.equals: jest's toEqual walks half a million bytes one by one.
    expect(Buffer.concat(streamed).equals(whole)).toBe(true);
  });

  it('is idempotent: the same bytes twice (also concurrently) give one file and no leftovers', async () => {
    const bytes = Buffer.from('same');
    const refs = await Promise.all([
      blobs.putBlob(bytes),
      blobs.putBlob(bytes),
      blobs.putBlob(Readable.from([bytes])),
    ]);
    expect(new Set(refs.map((r) => r.path)).size).toBe(1);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    expect(await blobs.getBlob(refs[0].sha256)).toEqual(bytes);
  });

  it('leaves nothing under a hash when the source fails mid-stream', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection dropped'));
      },
    });
    await expect(blobs.putBlob(failing)).rejects.toMatchObject({ code: 'DS_STORE_BLOB_WRITE_FAILED' });
    expect(readdirSync(root).filter((d) => d !== 'tmp')).toEqual([]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    expect(existsSync(blobs.blobPath(sha(Buffer.from('partial'))))).toBe(false);
  });

  it('reports a missing blob and refuses a hash that is not one', async () => {
    await expect(blobs.getBlob('0'.repeat(64))).rejects.toMatchObject({ code: 'DS_STORE_BLOB_NOT_FOUND' });
    await expect(blobs.openBlob('0'.repeat(64))).rejects.toMatchObject({ code: 'DS_STORE_BLOB_NOT_FOUND' });
    await expect(blobs.getBlob('../../etc/passwd')).rejects.toMatchObject({ code: 'DS_STORE_BLOB_BAD_HASH' });
    expect(() => blobs.blobPath('A'.repeat(64))).toThrow(
      expect.objectContaining({ code: 'DS_STORE_BLOB_BAD_HASH' }),
    );
  });

  it('keeps storing when its folders are removed under it', async () => {
    const first = await blobs.putBlob(Buffer.from('first'));
    rmSync(join(root, 'tmp'), { recursive: true, force: true });
    rmSync(join(root, first.sha256.slice(0, 2)), { recursive: true, force: true });
    const again = await blobs.putBlob(Buffer.from('first'));
    expect(again).toEqual(first);
    expect(await blobs.getBlob(first.sha256)).toEqual(Buffer.from('first'));
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => blobs.putBlob(Buffer.from(`n${i}`))));
    for (const ref of many) expect(existsSync(ref.path)).toBe(true);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });
});
