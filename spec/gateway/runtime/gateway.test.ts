// The running gateway end to end, with real peers: OpenSSH's `sftp` client uploads to the
// hosted server, a CSV lands in a drop zone; events reach the outbox and the 997 is fetched
// back with the same client. Runs on embedded PGlite and on the PostgreSQL on 127.0.0.1:5432.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  renameSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Client } from 'pg';
import { startGateway, Gateway } from '../../../gateway/runtime/gateway';
import { readSettings, type Settings } from '../../../gateway/runtime/settings';
import { BACKENDS, preparePgliteHome, TEST_DATABASE_URL } from '../store/support/backends';
import { ensureOpenSshTools, runSftp, waitFor } from '../intake/helpers/openssh';

const ROOT = join(__dirname, '..', '..', '..');
const PO =
  'ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000777*0*P*>~\n' +
  'GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*777*X*004010~\nST*850*0001~\nBEG*00*SA*PO-777**20261124~\n' +
  'PO1*1*2*EA*9.99**VN*SKU-1~\nCTT*1~\nSE*5*0001~\nGE*1*777~\nIEA*1*000000777~\n';

const OPERATOR_TOKEN = 'operator-token-for-tests';

jest.setTimeout(120_000);

describe.each(BACKENDS)('gateway on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  let gateway: Gateway;
  let home: string;
  let schema: string | undefined;
  /** The gateway's warnings and errors, as JSON lines. */
  const logs: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    ensureOpenSshTools();
    home = mkdtempSync(join(tmpdir(), 'dockside-gw-'));
    const partnersDir = join(home, 'partners');
    cpSync(join(ROOT, 'partners'), partnersDir, { recursive: true });
    if (backend === 'pglite') await preparePgliteHome(home);
    else schema = `gw_${randomBytes(6).toString('hex')}`;
    const settings: Settings = readSettings({
      DOCKSIDE_HOME: home,
      DOCKSIDE_PARTNERS: partnersDir,
      DOCKSIDE_SFTP_PORT: '0',
      DOCKSIDE_HTTP_PORT: '0',
      DOCKSIDE_OPERATOR_TOKEN: OPERATOR_TOKEN,
      LOG_LEVEL: 'silent',
      ...(backend === 'postgres' && { DATABASE_URL: TEST_DATABASE_URL, DOCKSIDE_DB_SCHEMA: schema }),
    });
    gateway = await startGateway(
      settings,
      pino(
        { level: process.env.GW_LOG ? 'debug' : 'warn' },
        process.env.GW_LOG
          ? pino.destination(process.env.GW_LOG)
          : { write: (line: string) => logs.push(line) },
      ),
    );
  });

  afterAll(async () => {
    if (skip) return;
    await gateway?.stop();
    if (schema) {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  const acme = () => ({ username: 'acme', keyPath: join(home, 'keys', 'acme', 'id_ed25519') });

  maybe('answers /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${gateway.httpPort}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok', store: backend, partners: 3 });
  });

  maybe('an 850 uploaded with OpenSSH sftp becomes an event, and its 997 is fetched back', async () => {
    const local = join(home, 'po-777.x12');
    writeFileSync(local, PO);
    const put = await runSftp(gateway.sftpPort, acme(), [`put ${local} inbound/po-777.x12`]);
    expect(put.code).toBe(0);
    // The upload is recorded before the client's CLOSE is answered: the file row exists now.
    const [file] = await gateway.store.listFiles({ partnerId: 'acme' });
    expect(file).toMatchObject({ name: 'po-777.x12', transport: 'hosted-sftp' });
    await gateway.pipeline.drain();
    await gateway.delivery.kick();
    const detail = await gateway.store.fileDetail(file.id);
    expect(detail?.file.state).toBe('translated');
    expect(detail?.events).toHaveLength(1);
    const event = await gateway.store.getOutboxEvent(detail!.events[0].id);
    expect(event?.payload).toMatchObject({ type: 'order.created', subject: 'PO-777', partnerid: 'acme' });
    expect(detail?.outbound[0]).toMatchObject({ kind: '997', state: 'delivered' });

    const name = detail!.outbound[0].remoteName as string;
    const got = join(home, 'got.x12');
    const get = await runSftp(gateway.sftpPort, acme(), [`get outbound/${name} ${got}`]);
    expect(get.code).toBe(0);
    const ack = readFileSync(got, 'latin1');
    expect(ack).toMatch(/^ISA\*00\* {10}\*00\* {10}\*ZZ\*DOCKSIDEDIST {3}\*ZZ\*ACMERETAIL {5}\*/);
    expect(ack).toContain('AK1*PO*777~\nAK2*850*0001~\nAK5*A~\nAK9*A*1*1*1~');
    // The inbound folder is a pickup folder: the recorded upload is gone from it.
    expect(readdirSync(join(home, 'sftp', 'acme', 'inbound'))).toEqual([]);

    // The event reaches the ERP (the default file connector) and /metrics tells the story.
    const erp = join(home, 'erp', 'events.jsonl');
    for (let i = 0; i < 100 && !(existsSync(erp) && readFileSync(erp, 'utf8').includes(event!.id)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readFileSync(erp, 'utf8')).toContain(event!.id);
    const metrics = await (await fetch(`http://127.0.0.1:${gateway.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/dockside_files_received_total\{partner="acme",transport="hosted-sftp"\} 1/);
    expect(metrics).toMatch(/dockside_events_queued_total\{connector="default",type="order.created"\} 1/);
    expect(metrics).toMatch(/dockside_file_to_ack_latency_seconds_count 1/);
    expect(metrics).toMatch(/dockside_file_to_event_latency_seconds_count [1-9]/);
  });

  maybe('the same bytes again are a duplicate, not translated twice', async () => {
    const local = join(home, 'po-777-again.x12');
    writeFileSync(local, PO);
    expect((await runSftp(gateway.sftpPort, acme(), [`put ${local} inbound/po-777-again.x12`])).code).toBe(0);
    await gateway.pipeline.drain();
    const files = await gateway.store.listFiles({ partnerId: 'acme' });
    expect(files.find((f) => f.name === 'po-777-again.x12')?.state).toBe('duplicate');
  });

  maybe('an interchange sent again under its ISA13 is a duplicate, answered with a TA1 025', async () => {
    // Found by probing: a corrected resend under the same ISA13 was dropped in silence.
    const local = join(home, 'po-777-corrected.x12');
    writeFileSync(local, PO.replace('PO1*1*2*', 'PO1*1*3*'));
    expect(
      (await runSftp(gateway.sftpPort, acme(), [`put ${local} inbound/po-777-corrected.x12`])).code,
    ).toBe(0);
    await gateway.pipeline.drain();
    await gateway.delivery.kick();
    const file = (await gateway.store.listFiles({ partnerId: 'acme' })).find(
      (f) => f.name === 'po-777-corrected.x12',
    );
    const detail = await gateway.store.fileDetail(file!.id);
    expect(detail?.file).toMatchObject({ state: 'duplicate', duplicateReason: 'same-interchange' });
    expect(detail?.events).toEqual([]);
    expect(detail?.outbound).toEqual([expect.objectContaining({ kind: 'TA1', state: 'delivered' })]);
    const ta1 = readFileSync(
      join(home, 'sftp', 'acme', 'outbound', detail!.outbound[0].remoteName!),
      'latin1',
    );
    expect(ta1).toMatch(/~\nTA1\*000000777\*261124\*0900\*R\*025~\nIEA\*0\*/);
  });

  maybe('control numbers of the acks are kept per partner and never reused', async () => {
    const local = join(home, 'po-778.x12');
    writeFileSync(local, PO.replace(/000000777/g, '000000778').replace(/PO-777/, 'PO-778'));
    expect((await runSftp(gateway.sftpPort, acme(), [`put ${local} inbound/po-778.x12`])).code).toBe(0);
    await gateway.pipeline.drain();
    await gateway.delivery.kick();
    const outbound = readdirSync(join(home, 'sftp', 'acme', 'outbound')).filter((n) => n.startsWith('997'));
    const controls = outbound.map((n) =>
      readFileSync(join(home, 'sftp', 'acme', 'outbound', n), 'latin1').slice(90, 99),
    );
    expect(new Set(controls).size).toBe(outbound.length);
  });

  maybe('a 3PL CSV dropped in the drop zone becomes shipment events; the file is archived', async () => {
    const inbound = join(home, 'dropzones', 'northwind', 'inbound');
    const csv = readFileSync(join(ROOT, 'spec', 'fixtures', 'csv', 'northwind-shipments.csv'));
    // Written under a temp name and renamed: the watcher never reads a half-written file.
    writeFileSync(join(inbound, 'SHP_20261124.csv.part'), csv);
    renameSync(join(inbound, 'SHP_20261124.csv.part'), join(inbound, 'SHP_20261124.csv'));
    await waitFor(
      () => existsSync(join(home, 'dropzones', 'northwind', 'archive', 'SHP_20261124.csv')),
      20_000,
      'archive',
    );
    await gateway.pipeline.drain();
    const [file] = await gateway.store.listFiles({ partnerId: 'northwind' });
    const detail = await gateway.store.fileDetail(file.id);
    expect(detail?.file.state).toBe('translated');
    const golden = JSON.parse(
      readFileSync(join(ROOT, 'spec', 'fixtures', 'csv', 'northwind-shipments.events.json'), 'utf8'),
    );
    expect(detail?.events.map((e) => e.id).sort()).toEqual(golden.map((e: { id: string }) => e.id).sort());
    expect(readdirSync(inbound)).toEqual([]);
  });

  maybe('a bad 850 is rejected with its errors recorded and a 997 that says why', async () => {
    const local = join(home, 'bad.x12');
    writeFileSync(local, PO.replace(/000000777/g, '000000779').replace('BEG*00*SA', 'BEG*00*XX'));
    expect((await runSftp(gateway.sftpPort, acme(), [`put ${local} inbound/bad.x12`])).code).toBe(0);
    await gateway.pipeline.drain();
    const file = (await gateway.store.listFiles({ partnerId: 'acme' })).find((f) => f.name === 'bad.x12');
    const detail = await gateway.store.fileDetail(file!.id);
    expect(detail?.file.state).toBe('rejected');
    expect(detail?.events).toEqual([]);
    expect(detail?.errors[0]).toMatchObject({ code: 'DS_X12_ELEMENT_INVALID_CODE', tag: 'BEG', element: 2 });

    // Its stored bytes gone, it is not reprocessed, and it stays as it was (found by probing:
    // the file was reopened, its findings deleted, and then the translation failed).
    renameSync(gateway.store.blobs.blobPath(file!.sha256), join(home, 'moved-blob'));
    const res = await fetch(`http://127.0.0.1:${gateway.httpPort}/api/v1/files/${file!.id}/reprocess`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DS_FILE_BYTES_MISSING');
    const after = await gateway.store.fileDetail(file!.id);
    expect(after?.file.state).toBe('rejected');
    expect(after?.errors).toEqual(detail?.errors);
  });

  // Last: it closes the store under the running gateway (afterAll's stop() closes it again).
  maybe('answers /healthz with 503 and the reason once its database does not answer', async () => {
    await gateway.store.close();
    // SFTP logins are audited: with the store gone, the audit write fails and is logged; the
    // gateway stays up (it was an unhandled rejection, which ends the process).
    const refused = await runSftp(gateway.sftpPort, { ...acme(), username: 'nobody' }, ['ls']);
    expect(refused.code).not.toBe(0);
    await waitFor(() => logs.some((l) => l.includes('sftp audit not recorded')));
    await gateway.delivery.kick();
    const res = await fetch(`http://127.0.0.1:${gateway.httpPort}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'failing',
      store: backend,
      partners: 3,
      error: 'DS_STORE_CLOSED',
    });
  });
});
