// The remote poller and the push client against a real OpenSSH sshd (see sshd/test-sshd.ts):
// fetch once then delete/move, crash between record and delete, partial files, sshd down, push.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect as connectTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeLease } from '../../../gateway/intake/intake-lease';
import {
  startRemotePoller,
  type RemoteFile,
  type RemotePoller,
  type RemotePollerOptions,
} from '../../../gateway/intake/remote-poller';
import { pushFile } from '../../../gateway/intake/sftp-push';
import { storeIntakeLease } from '../../../gateway/runtime/intakes';
import { openStore } from '../../../gateway/store';
import type { RemoteConnect } from '../../../gateway/intake/remote-connection';
import { startTestSshd, type TestSshd } from './sshd/test-sshd';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sshd: TestSshd;
let connect: RemoteConnect;
let dirCount = 0;
const pollers: RemotePoller[] = [];

beforeAll(async () => {
  sshd = await startTestSshd(); // installs openssh-server first when it is missing
  connect = { host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKey: sshd.clientKey };
}, 600_000);

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await sshd?.dispose();
});

/** A fresh partner folder on the "partner server" (sshd serves the local file system). */
function partnerDir(): string {
  const dir = join(sshd.files, `partner-${++dirCount}`);
  mkdirSync(join(dir, 'inbound'), { recursive: true });
  return dir;
}

/** A receiver with a durable-record stand-in: the set of recorded dedupe keys. */
function receiver() {
  const recorded = new Set<string>();
  const got: RemoteFile[] = [];
  return {
    recorded,
    got,
    alreadyReceived: async (key: string) => recorded.has(key),
    onFile: async (info: RemoteFile) => {
      got.push(info);
      recorded.add(info.remoteKey);
    },
  };
}

function poller(
  options: Partial<RemotePollerOptions> & Pick<RemotePollerOptions, 'inboundPath'>,
): RemotePoller {
  const r = receiver();
  const p = startRemotePoller({
    partnerId: 'acme',
    connect,
    pollIntervalSeconds: 3600,
    initialDelaySeconds: 3600, // tests drive polls with pollNow()
    afterReceipt: 'delete',
    alreadyReceived: r.alreadyReceived,
    onFile: r.onFile,
    ...options,
  });
  pollers.push(p);
  return p;
}

describe('startRemotePoller against a real sshd', () => {
  it('fetches each file once and deletes it remotely, leaving temp names and folders alone', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'po1.edi'), 'ISA*first');
    writeFileSync(join(inbound, 'po2.csv'), 'sku,qty\nA,1\n');
    writeFileSync(join(inbound, '.po3.edi.part'), 'partial');
    writeFileSync(join(inbound, 'po4.tmp'), 'partial');
    mkdirSync(join(inbound, 'sub'));
    const r = receiver();
    const p = poller({ inboundPath: inbound, ...r });

    const first = await p.pollNow();
    expect(first).toMatchObject({
      ok: true,
      listed: 2,
      received: 2,
      duplicates: 0,
      cleanedUp: 2,
      skipped: 3,
    });
    expect(r.got.map((f) => [f.name, f.bytes.toString(), f.size]).sort()).toEqual([
      ['po1.edi', 'ISA*first', 9],
      ['po2.csv', 'sku,qty\nA,1\n', 12],
    ]);
    const po1 = r.got.find((f) => f.name === 'po1.edi') as RemoteFile;
    expect(po1.remoteKey).toContain(
      `acme:9:${po1.mtime.getTime()}:${po1.sha256}:${join(inbound, 'po1.edi')}`,
    );
    expect(readdirSync(inbound).sort()).toEqual(['.po3.edi.part', 'po4.tmp', 'sub']);

    const second = await p.pollNow();
    expect(second).toMatchObject({ ok: true, listed: 0, received: 0 });
    expect(r.got).toHaveLength(2);
  });

  it('moves received files to moveTo (created when missing), never over an earlier one', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    const moveTo = join(dir, 'done');
    const r = receiver();
    const p = poller({ inboundPath: inbound, afterReceipt: 'move', moveTo, ...r });
    writeFileSync(join(inbound, 'asn.edi'), 'one');
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1, cleanedUp: 1 });
    writeFileSync(join(inbound, 'asn.edi'), 'two!');
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1, cleanedUp: 1 });
    expect(readdirSync(inbound)).toEqual([]);
    expect(readdirSync(moveTo).sort()).toEqual(['asn-1.edi', 'asn.edi']);
    expect(readFileSync(join(moveTo, 'asn.edi'), 'utf8')).toBe('one');
    expect(readFileSync(join(moveTo, 'asn-1.edi'), 'utf8')).toBe('two!');
  });

  it('a crash between recording and the remote delete produces exactly one onFile', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'inv.edi'), 'ISA*invoice');
    const r = receiver();
    let calls = 0;
    const crashing = poller({
      inboundPath: inbound,
      alreadyReceived: r.alreadyReceived,
      onFile: async (info) => {
        calls++;
        await r.onFile(info); // durably recorded…
        sshd.dropConnections(); // …then the connection dies before the remote delete
      },
    });
    const first = await crashing.pollNow();
    expect(first.ok).toBe(false);
    expect(first.received).toBe(1);
    expect(first.cleanedUp).toBe(0);
    expect(first.errors.map((e) => e.code)).toContain('DS_INTAKE_REMOTE_CLEANUP_FAILED');
    expect(readdirSync(inbound)).toEqual(['inv.edi']); // still on the partner's server
    await crashing.close();

    // "Restart": a new poller with the same durable record.
    const restarted = poller({
      inboundPath: inbound,
      alreadyReceived: r.alreadyReceived,
      onFile: async (info) => {
        calls++;
        await r.onFile(info);
      },
    });
    const second = await restarted.pollNow();
    expect(second).toMatchObject({ ok: true, received: 0, duplicates: 1, cleanedUp: 1 });
    expect(calls).toBe(1);
    expect(readdirSync(inbound)).toEqual([]);
  });

  it('does not hand over a file whose download does not match the listing (still being written)', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    const path = join(inbound, 'big.edi');
    writeFileSync(path, 'x'.repeat(10_000));
    // A partner that writes in place without a temp name: the file grows during the poll.
    const writer = spawn('sh', ['-c', `while :; do printf 'xxxxxxxxxx' >> '${path}'; done`], {
      stdio: 'ignore',
    });
    try {
      await sleep(100);
      const r = receiver();
      const p = poller({ inboundPath: inbound, ...r });
      const during = await p.pollNow();
      expect(during).toMatchObject({ received: 0, mismatched: 1 });
      expect(r.got).toEqual([]);
      expect(existsSync(path)).toBe(true);

      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
      const finalSize = statSync(path).size;
      const after = await p.pollNow();
      expect(after).toMatchObject({ ok: true, received: 1, mismatched: 0 });
      expect(r.got[0].size).toBe(finalSize);
      expect(r.got[0].bytes.length).toBe(finalSize);
    } finally {
      if (writer.exitCode === null && writer.signalCode === null) writer.kill('SIGKILL');
    }
  });

  it('leaves a file sent again under the same name while the first was recorded, and takes it next poll', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'po.edi'), 'ISA first');
    const r = receiver();
    const p = poller({
      inboundPath: inbound,
      alreadyReceived: r.alreadyReceived,
      onFile: async (info) => {
        await r.onFile(info);
        // The partner puts a new file of the same name while the first is being recorded.
        if (r.got.length === 1) writeFileSync(join(inbound, 'po.edi'), 'ISA second, longer');
      },
    });
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1, cleanedUp: 0 });
    expect(readdirSync(inbound)).toEqual(['po.edi']);
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1, cleanedUp: 1 });
    expect(r.got.map((g) => g.bytes.toString())).toEqual(['ISA first', 'ISA second, longer']);
    expect(readdirSync(inbound)).toEqual([]);
  });

  it('keeps a file whose receiver rejects and delivers it on the next poll', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'po.edi'), 'ISA');
    const r = receiver();
    let fail = true;
    const p = poller({
      inboundPath: inbound,
      alreadyReceived: r.alreadyReceived,
      onFile: async (info) => {
        if (fail) throw new Error('database down');
        await r.onFile(info);
      },
    });
    const first = await p.pollNow();
    expect(first).toMatchObject({ ok: false, received: 0, failed: 1 });
    expect(first.errors).toEqual([
      expect.objectContaining({ code: 'DS_INTAKE_REMOTE_HANDOVER_FAILED', name: 'po.edi' }),
    ]);
    expect(readdirSync(inbound)).toEqual(['po.edi']);
    fail = false;
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1 });
    expect(r.got).toHaveLength(1);
  });

  it('reports sshd down as a poll error without throwing, and works again once sshd is back', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'late.edi'), 'ISA*late');
    const r = receiver();
    const p = poller({ inboundPath: inbound, ...r });
    await sshd.stop();
    try {
      const down = await p.pollNow();
      expect(down.ok).toBe(false);
      expect(down.errors[0].code).toBe('DS_INTAKE_REMOTE_CONNECT_FAILED');
      expect(r.got).toEqual([]);
    } finally {
      await sshd.start();
    }
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1 });
    expect(r.got.map((f) => f.name)).toEqual(['late.edi']);
  });

  it('ends a poll whose server stops answering mid-download, and polls again once it answers', async () => {
    // Found by probing: a connection the network black-holed (a firewall that forgot it) held the
    // poll forever, and with it the partner's later polls and the gateway's reloads and stop.
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'big.edi'), Buffer.alloc(16 * 1024 * 1024, 65));
    let frozen = false;
    let froze = false;
    const proxy = createServer((client) => {
      const server = connectTcp(sshd.port, '127.0.0.1');
      let down = 0;
      client.on('data', (d) => frozen || server.write(d));
      server.on('data', (d) => {
        down += d.length;
        // Once a megabyte of the file is through, nothing more passes either way.
        if (!froze && down > 1024 * 1024) frozen = froze = true;
        if (!frozen) client.write(d);
      });
      for (const [a, b] of [
        [client, server],
        [server, client],
      ]) {
        a.on('error', () => undefined);
        a.on('close', () => b.destroy());
      }
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const r = receiver();
      const p = poller({
        inboundPath: inbound,
        ...r,
        connect: { ...connect, port: (proxy.address() as AddressInfo).port, keepaliveMs: 300 },
      });
      const stalled = await p.pollNow();
      expect(froze).toBe(true);
      expect(stalled.ok).toBe(false);
      expect(r.got).toEqual([]);
      frozen = false;
      expect(await p.pollNow()).toMatchObject({ ok: true, received: 1 });
      expect(r.got.map((f) => f.size)).toEqual([16 * 1024 * 1024]);
    } finally {
      proxy.close();
    }
  });

  it('leaves a file that changes while the poll settles for the next poll, and then takes it whole', async () => {
    // Found by probing: a partner that paused while writing had the first part recorded and the
    // file deleted, the rest lost.
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    const path = join(inbound, 'slow.csv');
    writeFileSync(path, 'sku,qty\nA,1\n');
    const r = receiver();
    const p = poller({ inboundPath: inbound, ...r, settleSeconds: 1 });
    const writing = sleep(300).then(() => writeFileSync(path, 'B,2\n', { flag: 'a' }));
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 0, mismatched: 1 });
    await writing;
    expect(r.got).toEqual([]);
    expect(await p.pollNow()).toMatchObject({ ok: true, received: 1 });
    expect(r.got.map((f) => f.bytes.toString())).toEqual(['sku,qty\nA,1\nB,2\n']);
  });

  it("closes during a poll's settle wait at once, taking nothing", async () => {
    // Found by review: close() (every profile reload restarts the pollers) waited out the settle time.
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'po.edi'), 'ISA*00*');
    const r = receiver();
    const p = poller({ inboundPath: inbound, ...r, settleSeconds: 600 });
    const polling = p.pollNow();
    await sleep(500);
    await p.close();
    await polling;
    expect(r.got).toEqual([]);
    expect(readdirSync(inbound)).toEqual(['po.edi']);
  });

  it('leaves a file over the size limit on the server, reported, and takes the others', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    writeFileSync(join(inbound, 'big.edi'), 'x'.repeat(101));
    writeFileSync(join(inbound, 'small.edi'), 'x'.repeat(100));
    const r = receiver();
    const p = poller({ inboundPath: inbound, ...r, maxFileSizeBytes: 100 });
    const polled = await p.pollNow();
    expect(polled).toMatchObject({ ok: false, received: 1, failed: 1 });
    expect(polled.errors.map((e) => [e.code, e.name])).toEqual([['DS_INTAKE_REMOTE_TOO_LARGE', 'big.edi']]);
    expect(r.got.map((f) => f.name)).toEqual(['small.edi']);
    expect(readdirSync(inbound)).toEqual(['big.edi']);
  });

  it('polls on its interval by itself', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    const r = receiver();
    poller({ inboundPath: inbound, pollIntervalSeconds: 0.2, initialDelaySeconds: 0, ...r });
    await sleep(300);
    writeFileSync(join(inbound, 'timed.edi'), 'ISA');
    const deadline = Date.now() + 5000;
    while (r.got.length === 0 && Date.now() < deadline) await sleep(50);
    expect(r.got.map((f) => f.name)).toEqual(['timed.edi']);
  });

  it('never runs two polls of one partner at once, even from two pollers', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    for (let i = 0; i < 3; i++) writeFileSync(join(inbound, `f${i}.edi`), `file ${i}`);
    const r = receiver();
    let active = 0;
    let maxActive = 0;
    const slow = async (info: RemoteFile) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(100);
      await r.onFile(info);
      active--;
    };
    const a = poller({ inboundPath: inbound, alreadyReceived: r.alreadyReceived, onFile: slow });
    const b = poller({ inboundPath: inbound, alreadyReceived: r.alreadyReceived, onFile: slow });
    const results = await Promise.all([a.pollNow(), b.pollNow(), a.pollNow(), b.pollNow()]);
    expect(results.every((res) => res.ok)).toBe(true);
    expect(r.got.map((f) => f.name).sort()).toEqual(['f0.edi', 'f1.edi', 'f2.edi']);
    expect(maxActive).toBe(1);
  });

  it("leaves the server alone while another gateway holds the partner's poll lease", async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    for (let i = 0; i < 3; i++) writeFileSync(join(inbound, `f${i}.edi`), `file ${i}`);
    // Two gateways on one (embedded) database.
    const home = mkdtempSync(join(tmpdir(), 'dockside-poll-lease-'));
    const store = await openStore({ home });
    try {
      const other = storeIntakeLease(store, 'poll:acme', 'gateway-b');
      await other.take();
      const r = receiver();
      const p = poller({
        inboundPath: inbound,
        ...r,
        lease: storeIntakeLease(store, 'poll:acme', 'gateway-a'),
      });
      const skipped = await p.pollNow();
      expect(skipped).toMatchObject({ ok: true, polledElsewhere: true, listed: 0, received: 0 });
      expect(readdirSync(inbound).sort()).toEqual(['f0.edi', 'f1.edi', 'f2.edi']);
      await other.release();
      const polled = await p.pollNow();
      expect(polled).toMatchObject({ ok: true, polledElsewhere: false, received: 3, cleanedUp: 3 });
      expect(r.got.map((f) => f.name).sort()).toEqual(['f0.edi', 'f1.edi', 'f2.edi']);
      // Given back when the poll ended: the other gateway can take it at once.
      expect(await other.take()).toBe(true);
    } finally {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('stops when its poll lease is lost, leaving the rest (and the remote cleanup) to the new holder', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    for (let i = 0; i < 3; i++) writeFileSync(join(inbound, `f${i}.edi`), `file ${i}`);
    let stolen = false;
    let released = false;
    // Renewed every 100 ms; another gateway takes it while the first file is being recorded.
    const lost: IntakeLease = {
      ttlMs: 300,
      take: async () => !stolen,
      release: async () => void (released = true),
    };
    const r = receiver();
    const slow = async (info: RemoteFile) => {
      stolen = true;
      await sleep(250); // two renewals
      await r.onFile(info);
    };
    const result = await poller({
      inboundPath: inbound,
      alreadyReceived: r.alreadyReceived,
      onFile: slow,
      lease: lost,
    }).pollNow();
    // The file being recorded when the lease went is recorded but not deleted: the new holder may
    // be fetching it; whoever polls next finds it recorded and only deletes it.
    expect(result).toMatchObject({ ok: false, received: 1, cleanedUp: 0 });
    expect(result.errors.map((e) => e.code)).toEqual(['DS_INTAKE_REMOTE_LEASE_LOST']);
    expect(readdirSync(inbound).sort()).toEqual(['f0.edi', 'f1.edi', 'f2.edi']);
    expect(released).toBe(false); // not ours to give back
  });

  it('checks a pinned host key', async () => {
    const dir = partnerDir();
    const inbound = join(dir, 'inbound');
    const wrong = poller({ inboundPath: inbound, connect: { ...connect, hostKeySha256: 'SHA256:nope' } });
    const refused = await wrong.pollNow();
    expect(refused.errors[0].code).toBe('DS_INTAKE_REMOTE_HOST_KEY_MISMATCH');
    const right = poller({
      inboundPath: inbound,
      connect: { ...connect, hostKeySha256: sshd.hostKeySha256 },
    });
    expect((await right.pollNow()).ok).toBe(true);
  });

  it('refuses unusable settings and polls after close', async () => {
    const base = { partnerId: 'acme', connect, inboundPath: '/x', pollIntervalSeconds: 60 };
    const r = receiver();
    expect(() => startRemotePoller({ ...base, afterReceipt: 'move', ...r })).toThrow(
      expect.objectContaining({ code: 'DS_INTAKE_REMOTE_CONFIG_INVALID' }),
    );
    expect(() =>
      startRemotePoller({
        ...base,
        connect: { ...connect, privateKey: undefined },
        afterReceipt: 'delete',
        ...r,
      }),
    ).toThrow(expect.objectContaining({ code: 'DS_INTAKE_REMOTE_CONFIG_INVALID' }));
    const p = startRemotePoller({ ...base, afterReceipt: 'delete', initialDelaySeconds: 3600, ...r });
    await p.close();
    await expect(p.pollNow()).rejects.toMatchObject({ code: 'DS_INTAKE_REMOTE_POLLER_CLOSED' });
  });
});

describe('pushFile against a real sshd', () => {
  it('lands the file atomically: the partner never sees it under its name with a partial size', async () => {
    const dir = partnerDir();
    const outbox = join(dir, 'from-dockside');
    mkdirSync(outbox);
    const content = Buffer.alloc(8 * 1024 * 1024, 'A');
    const target = join(outbox, '997-000000001.edi');
    const seenSizes = new Set<number>();
    // The partner's view during the upload: whenever the name exists, how big is it?
    const watcher = setInterval(() => {
      try {
        seenSizes.add(statSync(target).size);
      } catch {
        // not there yet
      }
    }, 1);
    let sawPart = false;
    const partWatcher = setInterval(() => {
      if (readdirSync(outbox).includes('.997-000000001.edi.part')) sawPart = true;
    }, 1);
    try {
      expect(await pushFile({ connect, remoteDir: outbox, name: '997-000000001.edi', content })).toBe(
        'uploaded',
      );
    } finally {
      clearInterval(watcher);
      clearInterval(partWatcher);
    }
    expect([...seenSizes].filter((s) => s !== content.length)).toEqual([]);
    expect(sawPart).toBe(true);
    expect(readdirSync(outbox)).toEqual(['997-000000001.edi']);
    expect(readFileSync(target).equals(content)).toBe(true);
  });

  it('is idempotent for the same name and size, and refuses to overwrite a different file', async () => {
    const dir = partnerDir();
    const outbox = join(dir, 'out');
    mkdirSync(outbox);
    const push = (content: string) =>
      pushFile({ connect, remoteDir: outbox, name: 'ack.edi', content: Buffer.from(content) });
    expect(await push('ISA*ack')).toBe('uploaded');
    expect(await push('ISA*ack')).toBe('already-there');
    await expect(push('ISA*other-ack')).rejects.toMatchObject({ code: 'DS_INTAKE_PUSH_NAME_TAKEN' });
    expect(readFileSync(join(outbox, 'ack.edi'), 'utf8')).toBe('ISA*ack');
    expect(readdirSync(outbox)).toEqual(['ack.edi']);
  });

  it('refuses names with paths or temp names, and reports an unreachable server as retryable', async () => {
    for (const name of ['../x', 'a/b', '.hidden', 'x.part', ''])
      await expect(
        pushFile({ connect, remoteDir: '/tmp', name, content: Buffer.from('x') }),
      ).rejects.toMatchObject({
        code: 'DS_INTAKE_PUSH_NAME_INVALID',
      });
    const { freePort } = await import('./sshd/test-sshd');
    const closedPort = await freePort();
    await expect(
      pushFile({
        connect: { ...connect, port: closedPort },
        remoteDir: '/tmp',
        name: 'x.edi',
        content: Buffer.from('x'),
      }),
    ).rejects.toMatchObject({ code: 'DS_INTAKE_REMOTE_CONNECT_FAILED', retryable: true });
  });
});
