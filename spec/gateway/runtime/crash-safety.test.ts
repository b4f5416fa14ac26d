// Crash safety: the gateway runs as a child process (the built `dockside start`), 200 files are
// dropped into a drop zone while it is SIGKILLed at random moments and restarted; in the end
// every file has exactly one set of events and one acknowledgement — nothing lost, nothing twice.
import { spawn, ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../gateway/store';
import { preparePgliteHome } from '../store/support/backends';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'dockside.js');
const FILES = 200;

jest.setTimeout(600_000);

/** An 856 from Northwind (ISA ZZ*NORTHWIND3PL) with its own control numbers. */
function asn(n: number): string {
  const icn = String(5000 + n).padStart(9, '0');
  return [
    `ISA*00*          *00*          *ZZ*NORTHWIND3PL   *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*${icn}*0*P*>`,
    `GS*SH*NORTHWIND3PL*DOCKSIDEDIST*20261124*0900*${5000 + n}*X*004010`,
    'ST*856*0001',
    `BSN*00*SHIP-${n}*20261124*0900*0004`,
    'HL*1**S',
    'TD5*O*2*UPSN*U',
    'DTM*011*20261124',
    'HL*2*1*O',
    `PRF*PO-${n}`,
    'HL*3*2*I',
    `LIN*1*VN*SKU-${n}`,
    'SN1*1*4*EA',
    'CTT*1',
    'SE*12*0001',
    `GE*1*${5000 + n}`,
    `IEA*1*${icn}`,
  ].join('~\n');
}

function startChild(home: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DOCKSIDE_HOME: home,
      DOCKSIDE_PARTNERS: join(home, 'partners'),
      DOCKSIDE_SFTP_PORT: '0',
      DOCKSIDE_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('dockside: serving')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}) before serving: ${out}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(existsSync(BIN) && existsSync(join(ROOT, 'dist', 'gateway', 'cli', 'main.js')) ? describe : describe.skip)(
  'crash safety',
  () => {
    it('200 files, SIGKILL at random moments: exactly one set of events and one ack per file', async () => {
      const home = mkdtempSync(join(tmpdir(), 'dockside-crash-'));
      cpSync(join(ROOT, 'partners'), join(home, 'partners'), { recursive: true });
      await preparePgliteHome(home);
      const inbound = join(home, 'dropzones', 'northwind', 'inbound');
      mkdirSync(inbound, { recursive: true });

      let written = 0;
      // Files arrive as a 3PL would write them: temp name, then rename.
      const drop = (count: number) => {
        for (let i = 0; i < count && written < FILES; i++, written++) {
          writeFileSync(join(inbound, `.asn-${written}.tmp`), asn(written));
          renameSync(join(inbound, `.asn-${written}.tmp`), join(inbound, `asn-${written}.x12`));
        }
      };

      for (let round = 0; round < 4; round++) {
        const child = startChild(home);
        await started(child);
        drop(50);
        // Let it work for a random moment, then kill it without warning.
        await sleep(150 + Math.floor(Math.random() * 900));
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      drop(FILES);

      // A last run that is allowed to finish, then stops cleanly.
      const child = startChild(home);
      await started(child);
      const archive = join(home, 'dropzones', 'northwind', 'archive');
      for (let t = 0; t < 600 && (readdirSync(inbound).length > 0 || !existsSync(archive)); t++)
        await sleep(200);
      await sleep(2000);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));

      const store = await openStore({ home });
      try {
        const files = await store.listFiles({ partnerId: 'northwind', limit: 10_000 });
        const originals = files.filter((f) => f.state !== 'duplicate');
        // Every file recorded once (a file re-seen after a crash shows as a duplicate of it).
        expect(new Set(originals.map((f) => f.name)).size).toBe(FILES);
        expect(originals).toHaveLength(FILES);
        const events = new Set<string>();
        for (const f of originals) {
          const detail = await store.fileDetail(f.id);
          expect(detail?.file.state).toBe('translated');
          expect(detail?.events).toHaveLength(1);
          expect(detail?.outbound.filter((o) => o.kind === '997')).toHaveLength(1);
          expect(detail?.outbound[0].state).toBe('delivered');
          events.add(detail!.events[0].id);
        }
        expect(events.size).toBe(FILES);
        // One 997 file per inbound file in the partner's outbound folder.
        const acks = readdirSync(join(home, 'dropzones', 'northwind', 'outbound')).filter((n) =>
          n.startsWith('997'),
        );
        expect(acks).toHaveLength(FILES);
      } finally {
        await store.close();
      }
    });
  },
);
