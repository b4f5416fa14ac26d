// Gateways sharing one database each run a pipeline: a gateway that starts while another is
// translating must leave that gateway's files alone (neither fail them nor translate them twice)
// and still pick up what a dead gateway left behind.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Pipeline } from '../../../gateway/runtime/pipeline';
import { ProfileRegistry } from '../../../gateway/runtime/profile-registry';
import { Client } from 'pg';
import { BACKENDS, TEST_DATABASE_URL, useTestDatabase } from '../store/support/backends';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
const FILES = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An 850 from Acme (ISA ZZ*ACMERETAIL) with its own control numbers. */
function order(n: number): Buffer {
  const icn = String(700_000 + n).padStart(9, '0');
  return Buffer.from(
    `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*${icn}*0*P*>~\n` +
      `GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*${n}*X*004010~\nST*850*0001~\n` +
      `BEG*00*SA*PO-${n}**20261124~\nPO1*1*2*EA*9.99**VN*SKU-1~\nCTT*1~\nSE*5*0001~\n` +
      `GE*1*${n}~\nIEA*1*${icn}~\n`,
  );
}

describe.each(BACKENDS)('pipelines of two gateways on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  const t = useTestDatabase(backend, skip);

  maybe("a gateway starting while another translates leaves that gateway's files to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockside-partners-'));
    cpSync(join(ROOT, 'partners'), dir, { recursive: true });
    const logger = pino({ level: process.env.PGW_LOG ? 'info' : 'silent' });
    const profiles = new ProfileRegistry(dir, logger);
    await profiles.load();
    const acme = profiles.get('acme')!;
    // Both gateways are slow to claim and to commit: when the second starts, some of the first's
    // files are still 'received' and others 'translating', and each sees the other's claims.
    const slow = new Proxy(t.store, {
      get(store, key, receiver) {
        const value = Reflect.get(store, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = (value as (...a: unknown[]) => unknown).bind(store);
        if (key !== 'claimForTranslation' && key !== 'commitTranslation') return method;
        return async (...args: unknown[]) => {
          await sleep(100);
          return method(...args);
        };
      },
    });
    const a = new Pipeline(slow, profiles, logger);
    const received = Array.from({ length: FILES }, (_, i) =>
      a.receive({ partner: acme, transport: 'dropzone', name: `po-${i}.x12`, bytes: order(i) }),
    );
    // The second gateway starts while the first is receiving and translating.
    await received[FILES / 2];
    const b = new Pipeline(slow, profiles, logger);
    await b.recover();
    await Promise.all(received);
    await Promise.all([a.drain(), b.drain()]);
    await a.drain();

    const files = (await t.store.listFiles({ partnerId: 'acme', limit: 1000 })).filter((f) =>
      f.name.startsWith('po-'),
    );
    expect(files).toHaveLength(FILES);
    expect(files.filter((f) => f.state !== 'translated').map((f) => `${f.name} ${f.state}`)).toEqual([]);
    const pending = await t.store.listPendingOutbound(1000, { partnerId: 'acme' });
    expect(pending.filter((o) => o.kind === '997')).toHaveLength(FILES); // one ack per file
  });

  maybe(
    'takes over a file whose gateway died translating it: at once on PGlite, once the claim is stale on PostgreSQL',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dockside-partners-'));
      cpSync(join(ROOT, 'partners'), dir, { recursive: true });
      const logger = pino({ level: 'silent' });
      const profiles = new ProfileRegistry(dir, logger);
      await profiles.load();
      // A gateway recorded and claimed the file, then died.
      const bytes = order(FILES + 1);
      const blob = await t.store.blobs.putBlob(bytes);
      const { file } = await t.store.recordFile({
        partnerId: 'acme',
        transport: 'dropzone',
        name: 'orphan.x12',
        sha256: blob.sha256,
        size: blob.size,
      });
      await t.store.claimForTranslation(file.id);
      const survivor = new Pipeline(t.store, profiles, logger);
      await survivor.recover();
      await survivor.drain();
      const state = async () => (await t.store.getFile(file.id))?.state;
      if (backend === 'pglite') {
        // One owner: every claim made before this start is orphaned.
        expect(await state()).toBe('translated');
        return;
      }
      // Another gateway may still be translating it: left alone until its claim is stale.
      expect(await state()).toBe('translating');
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(
          `update ${t.db.schema}.files set claimed_at = now() - interval '4 minutes' where id = $1`,
          [file.id],
        );
      } finally {
        await client.end();
      }
      await survivor.recover(); // what the gateway's periodic sweep calls
      await survivor.drain();
      expect(await state()).toBe('translated');
    },
  );
});
