// The drop-zone watcher against the real file system: slow writers, temp names, restart pick-up,
// archive/delete after receipt, receiver failures retried, never two hand-overs at once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  watchDropZone,
  type DropZoneFile,
  type DropZoneWatcher,
} from '../../../gateway/intake/dropzone-watcher';
import { archiveName } from '../../../gateway/intake/dropzone-archive';
import { isTempName } from '../../../gateway/intake/dropzone-temp-names';
import { storeIntakeLease } from '../../../gateway/runtime/intakes';
import { openStore } from '../../../gateway/store';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('watchDropZone', () => {
  let root: string;
  let inbound: string;
  let archive: string;
  let zone: DropZoneWatcher | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dockside-dropzone-'));
    inbound = join(root, 'inbound');
    archive = join(root, 'archive');
  });
  afterEach(async () => {
    await zone?.close();
    zone = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  /** A receiver that remembers what it got. */
  function recorder() {
    const got: { name: string; size: number; content: string }[] = [];
    const onFile = async (info: DropZoneFile) => {
      got.push({ name: info.name, size: info.size, content: info.bytes.toString('utf8') });
    };
    return { got, onFile };
  }

  it('hands over a slowly written file once, after it is complete, with its full size', async () => {
    const { got, onFile } = recorder();
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      archive,
      afterReceipt: 'move',
      onFile,
      stabilityMs: 400,
    });
    const path = join(inbound, 'order.edi');
    const chunk = 'ISA*00*'.padEnd(1000, 'x');
    await writeFile(path, chunk);
    for (let i = 1; i < 6; i++) {
      await sleep(100); // pauses well under the stability window: still one write in progress
      await appendFile(path, chunk);
      expect(got).toHaveLength(0);
    }
    await until(() => got.length === 1);
    expect(got[0]).toMatchObject({ name: 'order.edi', size: 6000 });
    expect(got[0].content).toHaveLength(6000);
    await until(() => readdirSync(archive).length === 1);
    expect(readdirSync(inbound)).toEqual([]);
    await sleep(500);
    expect(got).toHaveLength(1);
  });

  it('ignores temp names until the file is renamed', async () => {
    const { got, onFile } = recorder();
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      afterReceipt: 'delete',
      onFile,
      stabilityMs: 100,
    });
    for (const name of ['.order.edi.part', 'order.edi.part', 'x.tmp', '.~lock.x#', '.hidden']) {
      writeFileSync(join(inbound, name), 'partial');
    }
    await sleep(600);
    expect(got).toEqual([]);
    renameSync(join(inbound, 'order.edi.part'), join(inbound, 'order.edi'));
    await until(() => got.length === 1);
    expect(got[0]).toMatchObject({ name: 'order.edi', size: 7 });
    await until(() => !readdirSync(inbound).includes('order.edi'));
    expect(readdirSync(inbound).sort()).toEqual(['.hidden', '.order.edi.part', '.~lock.x#', 'x.tmp']);
  });

  it('picks up files that were there before it started, and deletes them after receipt', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inbound, { recursive: true });
    writeFileSync(join(inbound, 'a.edi'), 'AAA');
    writeFileSync(join(inbound, 'b.csv'), 'BBBB');
    const { got, onFile } = recorder();
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      afterReceipt: 'delete',
      onFile,
      stabilityMs: 100,
    });
    await until(() => got.length === 2);
    expect(got.map((g) => [g.name, g.size]).sort()).toEqual([
      ['a.edi', 3],
      ['b.csv', 4],
    ]);
    await until(() => readdirSync(inbound).length === 0);
    expect(readdirSync(root)).not.toContain('archive');
  });

  it('waits for a file that was still being written when it started', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inbound, { recursive: true });
    const path = join(inbound, 'restart.edi');
    writeFileSync(path, 'x'.repeat(100));
    const { got, onFile } = recorder();
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      afterReceipt: 'delete',
      onFile,
      stabilityMs: 400,
    });
    for (let i = 0; i < 4; i++) {
      await sleep(100);
      await appendFile(path, 'x'.repeat(100));
    }
    await until(() => got.length === 1);
    expect(got[0].size).toBe(500);
  });

  it('archives under a unique name when the archive already has one', async () => {
    const { got, onFile } = recorder();
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      archive,
      afterReceipt: 'move',
      onFile,
      stabilityMs: 100,
    });
    writeFileSync(join(inbound, 'po.edi'), 'first');
    await until(() => readdirSync(archive).length === 1);
    writeFileSync(join(inbound, 'po.edi'), 'second!');
    await until(() => readdirSync(archive).length === 2);
    expect(readdirSync(archive).sort()).toEqual(['po-1.edi', 'po.edi']);
    expect(readFileSync(join(archive, 'po.edi'), 'utf8')).toBe('first');
    expect(readFileSync(join(archive, 'po-1.edi'), 'utf8')).toBe('second!');
    expect(got.map((g) => g.content)).toEqual(['first', 'second!']);
  });

  it('keeps a file whose receiver rejects and retries it with backoff until it is recorded', async () => {
    const attempts: number[] = [];
    let recorded = 0;
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      archive,
      afterReceipt: 'move',
      stabilityMs: 100,
      retryInitialMs: 200,
      onFile: async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error('database is down');
        recorded++;
      },
    });
    writeFileSync(join(inbound, 'inv.edi'), 'ISA');
    await until(() => attempts.length === 1);
    await sleep(100);
    expect(readdirSync(inbound)).toEqual(['inv.edi']); // rejected: still there
    await until(() => recorded === 1);
    await until(() => readdirSync(archive).length === 1);
    expect(attempts).toHaveLength(3);
    // Backoff: the second wait is about twice the first (200 ms, then 400 ms).
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(190);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(390);
    // Archiving writes the copy before it removes the original: wait for the removal too.
    await until(() => readdirSync(inbound).length === 0);
  });

  it('hands each of many files over exactly once, never two at once, while a rescan races the watcher', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const calls: string[] = [];
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      archive,
      afterReceipt: 'move',
      stabilityMs: 100,
      rescanMs: 50, // the rescan races with chokidar's events on purpose
      concurrency: 4,
      onFile: async (info) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        calls.push(info.name);
        await sleep(400); // a slow receiver
        inFlight--;
      },
    });
    for (let i = 0; i < 10; i++) writeFileSync(join(inbound, `f${i}.edi`), `file ${i}`);
    await until(() => readdirSync(archive).length === 10, 15_000);
    expect(calls.sort()).toEqual([...Array(10).keys()].map((i) => `f${i}.edi`).sort());
    expect(maxInFlight).toBeLessThanOrEqual(4); // the concurrency limit, one hand-over per file
  });

  it('hands a file over again when it changed during the hand-over, and archives the final version', async () => {
    const got: number[] = [];
    const path = join(inbound, 'grow.edi');
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      archive,
      afterReceipt: 'move',
      stabilityMs: 100,
      onFile: async (info) => {
        got.push(info.size);
        if (got.length === 1) await appendFile(path, '-more'); // a writer that ignored the stability window
      },
    });
    writeFileSync(path, 'start');
    await until(() => readdirSync(archive).length === 1);
    expect(got).toEqual([5, 10]);
    expect(statSync(join(archive, 'grow.edi')).size).toBe(10);
  });

  it('hands each file over once when two gateways share the folder, and the other takes over at close', async () => {
    // Two gateways on one (embedded) database, as the scaled deployment shares a volume.
    const store = await openStore({ home: join(root, 'db') });
    const zones: DropZoneWatcher[] = [];
    try {
      const got: string[] = [];
      const gateway = async (owner: string) => {
        const z = await watchDropZone({
          partnerId: 'acme',
          inbound,
          archive,
          afterReceipt: 'move',
          stabilityMs: 100,
          rescanMs: 100,
          // 3 s: a gateway refused asks again after 1 s.
          lease: storeIntakeLease(store, `dropzone:${inbound}`, owner, 3000),
          onFile: async (info) => {
            got.push(`${owner} ${info.name}`);
            await sleep(20); // recording takes a while: the other gateway sees the file meanwhile
          },
        });
        zones.push(z);
        return z;
      };
      const a = await gateway('gateway-a');
      await gateway('gateway-b');
      const drop = (name: string) => {
        writeFileSync(join(inbound, `.${name}.tmp`), name);
        renameSync(join(inbound, `.${name}.tmp`), join(inbound, name));
      };
      for (let i = 0; i < 20; i++) drop(`f${i}.edi`);
      await until(() => readdirSync(archive).length === 20, 15_000);
      const names = got.map((g) => g.split(' ')[1]);
      expect(names.sort()).toEqual([...Array(20).keys()].map((i) => `f${i}.edi`).sort());
      // The holder stops (a rolling restart): the other gateway takes over when it next asks.
      const holder = got[0].split(' ')[0];
      await (holder === 'gateway-a' ? a : zones[1]).close();
      drop('after.edi');
      await until(() => readdirSync(archive).length === 21, 15_000);
      expect(got.filter((g) => g.endsWith(' after.edi'))).toEqual([
        `${holder === 'gateway-a' ? 'gateway-b' : 'gateway-a'} after.edi`,
      ]);
    } finally {
      await Promise.all(zones.map((z) => z.close()));
      await store.close();
    }
  });

  it('leaves a file over the size limit in the folder, unread, and hands over the others', async () => {
    const { got, onFile } = recorder();
    writeFileSync(join(root, 'x'), ''); // root exists; inbound is made by the watcher
    zone = await watchDropZone({
      partnerId: 'acme',
      inbound,
      afterReceipt: 'delete',
      onFile,
      maxFileSizeBytes: 100,
      stabilityMs: 50,
    });
    writeFileSync(join(inbound, 'big.edi'), 'x'.repeat(101));
    writeFileSync(join(inbound, 'small.edi'), 'x'.repeat(100));
    await until(() => got.length === 1);
    await sleep(300);
    expect(got.map((g) => g.name)).toEqual(['small.edi']);
    expect(readdirSync(inbound)).toEqual(['big.edi']);
  });

  it('makes the archive folder again when it was removed while the watcher ran', async () => {
    // Found by probing: recorded files stayed in inbound for good (and came back at restart).
    const { got, onFile } = recorder();
    zone = await watchDropZone({ partnerId: 'acme', inbound, archive, afterReceipt: 'move', onFile });
    rmSync(archive, { recursive: true });
    writeFileSync(join(inbound, 'po.edi'), 'ISA*00*');
    await until(() => readdirSync(inbound).length === 0);
    expect(got.map((g) => g.name)).toEqual(['po.edi']);
    expect(readdirSync(archive)).toEqual(['po.edi']);
  });

  it("refuses 'move' without an archive folder", async () => {
    await expect(
      watchDropZone({ partnerId: 'acme', inbound, afterReceipt: 'move', onFile: async () => {} }),
    ).rejects.toMatchObject({ code: 'DS_INTAKE_DROPZONE_ARCHIVE_REQUIRED' });
  });
});

describe('drop-zone helpers', () => {
  it('recognises temp names', () => {
    for (const n of ['a.part', 'A.PART', 'a.tmp', '.~lock', '.x', 'a.filepart', '~$book.xlsx'])
      expect(isTempName(n)).toBe(true);
    for (const n of ['a.edi', 'part', 'a.partial', 'tmp.csv']) expect(isTempName(n)).toBe(false);
  });
  it('numbers archive names before the extension', () => {
    expect(archiveName('po.edi', 0)).toBe('po.edi');
    expect(archiveName('po.edi', 2)).toBe('po-2.edi');
    expect(archiveName('README', 1)).toBe('README-1');
  });

  it('keeps numbered archive names within 255 bytes, cutting whole characters', () => {
    // Found by probing: a 255-byte name could be archived once; the second copy's name was too
    // long for the file system and its clean-up was retried forever.
    const long = archiveName(`${'a'.repeat(251)}.edi`, 12);
    expect(long).toBe(`${'a'.repeat(248)}-12.edi`);
    const accented = archiveName(`${'é'.repeat(125)}.edi`, 1);
    expect(Buffer.byteLength(accented)).toBeLessThanOrEqual(255);
    expect(accented).toBe(`${'é'.repeat(124)}-1.edi`);
    // An extension that leaves no room gives way too, after the number.
    const ext = archiveName(`a.${'x'.repeat(253)}`, 3);
    expect(ext).toBe(`-3.${'x'.repeat(252)}`);
  });
});
