// The hosted SFTP server against OpenSSH's real `sftp` client: key and password logins, uploads
// recorded on close, downloads from outbound/, the jail, size and session limits, dropped uploads.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../../gateway/config/password';
import {
  startSftpServer,
  type SftpAuditEvent,
  type SftpServerHandle,
  type SftpUser,
  type UploadInfo,
} from '../../../gateway/intake/sftp-server';
import {
  ensureOpenSshTools,
  finished,
  killGroup,
  makeClientKey,
  runSftp,
  scanHostKey,
  spawnSftp,
  waitFor,
} from './helpers/openssh';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';

interface Recorded {
  user: string;
  info: UploadInfo;
  bytes: Buffer;
}

describe('hosted SFTP server with OpenSSH sftp', () => {
  let root: string;
  let key: { keyPath: string; publicKey: string };
  let otherKey: { keyPath: string; publicKey: string };
  let users: SftpUser[];
  let server: SftpServerHandle;
  let uploads: Recorded[];
  let audits: SftpAuditEvent[];
  let failUpload: boolean;
  const home = (name: string): string => join(root, 'homes', name);
  const local = (name: string): string => join(root, 'local', name);
  const user = (username: string, extra: Partial<SftpUser> = {}): SftpUser => ({
    partnerId: `partner-${username}`,
    username,
    publicKeys: [key.publicKey],
    home: home(username),
    ...extra,
  });
  const inboundNames = (username: string): string[] => readdirSync(join(home(username), 'inbound')).sort();

  beforeAll(async () => {
    ensureOpenSshTools();
    root = mkdtempSync(join(tmpdir(), 'dockside-sftp-'));
    mkdirSync(join(root, 'local'));
    key = makeClientKey(root, 'partner_key');
    otherKey = makeClientKey(root, 'stranger_key');
    const passwordHash = await hashPassword(PASSWORD);
    users = [
      user('acme', { passwordHash }),
      user('tiny', { maxFileSizeBytes: 64 * 1024 }),
      user('slow'),
      user('single', { maxSessions: 1 }),
      user('flaky'),
    ];
    uploads = [];
    audits = [];
    failUpload = false;
    server = await startSftpServer({
      port: 0,
      hostKeyPath: join(root, 'keys', 'host_ed25519'),
      users: () => users,
      preUpload: (_u, path) => (path.endsWith('.exe') ? 'executables are not accepted' : undefined),
      onUpload: async (u, info) => {
        if (u.username === 'flaky' && failUpload) throw new Error('database is down');
        uploads.push({ user: u.username, info, bytes: readFileSync(info.path) });
      },
      audit: (e) => audits.push(e),
    });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    uploads.length = 0;
    audits.length = 0;
  });

  const asKey = (username = 'acme') => ({ username, keyPath: key.keyPath });
  const uploadsOf = (username: string): Recorded[] => uploads.filter((u) => u.user === username);

  it('key auth: put is recorded once on close, with the right size and bytes', async () => {
    const body = Buffer.concat([Buffer.from('ISA*00*...~\n'), randomBytes(300_000)]);
    writeFileSync(local('po.edi'), body);
    const run = await runSftp(server.port, asKey(), [`put ${local('po.edi')} /inbound/po.edi`]);
    expect(run).toMatchObject({ code: 0 });
    expect(uploadsOf('acme')).toHaveLength(1);
    const [{ info, bytes }] = uploadsOf('acme');
    expect(info).toEqual({
      path: join(home('acme'), 'inbound', 'po.edi'),
      name: 'po.edi',
      size: body.length,
    });
    expect(bytes.equals(body)).toBe(true);
    expect(inboundNames('acme')).toEqual(['po.edi']);
    await waitFor(() => audits.some((a) => a.action === 'logout'), 5_000, 'logout');
    expect(audits.map((a) => a.action)).toEqual(['login', 'upload', 'logout']);
  });

  it('never overwrites: the same name uploaded again gets a suffix', async () => {
    writeFileSync(local('dup.edi'), 'second');
    const run = await runSftp(server.port, asKey(), ['cd inbound', `put ${local('dup.edi')} po.edi`]);
    expect(run.code).toBe(0);
    expect(uploadsOf('acme').map((u) => u.info.name)).toEqual(['po-1.edi']);
    expect(readFileSync(join(home('acme'), 'inbound', 'po.edi')).length).toBe(300_012);
  });

  it('get from outbound/, then rm it there (the partner collects its acks)', async () => {
    const ack = 'ISA*00*          *00*          *ZZ*DOCKSIDE~AK1*PO*1~\n'.repeat(5000);
    writeFileSync(join(home('acme'), 'outbound', '997.x12'), ack);
    const run = await runSftp(server.port, asKey(), [
      `get /outbound/997.x12 ${local('997.x12')}`,
      'rm /outbound/997.x12',
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(local('997.x12'), 'utf8')).toBe(ack);
    expect(existsSync(join(home('acme'), 'outbound', '997.x12'))).toBe(false);
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['download', 'remove']));
  });

  it('listings: the root shows the two folders only; inbound never shows .part files', async () => {
    writeFileSync(join(home('acme'), 'operator-notes.txt'), 'not for partners');
    writeFileSync(join(home('acme'), 'inbound', '.other.edi.0123456789ab.part'), 'in progress');
    const run = await runSftp(server.port, asKey(), ['ls -1a /', 'ls -1a inbound', 'ls -l inbound']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('inbound');
    expect(run.stdout).toContain('outbound');
    expect(run.stdout).toContain('po.edi');
    expect(run.stdout).not.toContain('operator-notes');
    expect(run.stdout).not.toContain('.part');
    rmSync(join(home('acme'), 'inbound', '.other.edi.0123456789ab.part'));
  });

  it('password auth through sshpass', async () => {
    writeFileSync(local('pw.csv'), 'sku,qty\nA,1\n');
    const run = await runSftp(server.port, { username: 'acme', password: PASSWORD }, [
      `put ${local('pw.csv')} /inbound/pw.csv`,
    ]);
    expect(run).toMatchObject({ code: 0 });
    expect(uploadsOf('acme').map((u) => u.info.name)).toEqual(['pw.csv']);
    expect(audits).toContainEqual(expect.objectContaining({ action: 'login', detail: 'password' }));
  });

  it('refuses a wrong key and a wrong password, auditing each failure', async () => {
    const wrongKey = await runSftp(server.port, { username: 'acme', keyPath: otherKey.keyPath }, ['ls']);
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.stderr).toMatch(/Permission denied/);
    const wrongPassword = await runSftp(server.port, { username: 'acme', password: 'nope' }, ['ls']);
    expect(wrongPassword.code).not.toBe(0);
    const unknownUser = await runSftp(server.port, { username: 'nobody', keyPath: key.keyPath }, ['ls']);
    expect(unknownUser.code).not.toBe(0);
    const failures = audits.filter((a) => a.action === 'login-failed');
    expect(failures.map((a) => a.detail)).toEqual([
      expect.stringMatching(/^DS_INTAKE_AUTH_FAILED: publickey: key not authorised/),
      expect.stringMatching(/^DS_INTAKE_AUTH_FAILED: password: wrong password/),
      expect.stringMatching(/^DS_INTAKE_AUTH_FAILED: publickey: unknown user/),
    ]);
    expect(audits.some((a) => a.action === 'login')).toBe(false);
  });

  describe('the jail', () => {
    let outside: string;
    // Self-contained: runs alone too (jest -t jail), whatever the tests above left behind.
    beforeAll(() => {
      for (const folder of ['inbound', 'outbound'])
        mkdirSync(join(home('acme'), folder), { recursive: true });
      writeFileSync(join(home('acme'), 'inbound', 'po.edi'), 'ISA~');
      writeFileSync(join(home('acme'), 'operator-notes.txt'), 'not for partners');
      outside = join(root, 'outside');
      mkdirSync(outside, { recursive: true });
      writeFileSync(join(outside, 'secret.txt'), 'secret');
      writeFileSync(local('x'), 'x');
      symlinkSync(outside, join(home('acme'), 'outbound', 'linkdir'));
      symlinkSync(join(outside, 'secret.txt'), join(home('acme'), 'outbound', 'secret.txt'));
      symlinkSync(outside, join(home('acme'), 'inbound', 'drop'));
    });

    // Each case in its own client run: `sftp -b` stops at the first failing command.
    const refused: Array<[string, string[], string]> = [
      [
        'get ../../etc/passwd',
        [`get ../../etc/passwd ${join('LOCAL', 'passwd')}`],
        'DS_INTAKE_PATH_OUTSIDE_ROOT',
      ],
      [
        'get /../etc/passwd',
        [`get /../etc/passwd ${join('LOCAL', 'passwd')}`],
        'DS_INTAKE_PATH_OUTSIDE_ROOT',
      ],
      ['put x /tmp/x', ['put LOCAL/x /tmp/dockside-escape-x'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['put x ../x', ['cd inbound', 'put LOCAL/x ../../x'], 'DS_INTAKE_PATH_OUTSIDE_ROOT'],
      ['cd /..', ['cd /..'], 'DS_INTAKE_PATH_OUTSIDE_ROOT'],
      ['cd ../..', ['cd inbound', 'cd ../..'], 'DS_INTAKE_PATH_OUTSIDE_ROOT'],
      [
        'get through a symlinked folder',
        ['get /outbound/linkdir/secret.txt LOCAL/secret-1'],
        'DS_INTAKE_SYMLINK_REFUSED',
      ],
      ['get a symlinked file', ['get /outbound/secret.txt LOCAL/secret-2'], 'DS_INTAKE_SYMLINK_REFUSED'],
      ['ls a symlinked folder', ['ls /outbound/linkdir'], 'DS_INTAKE_SYMLINK_REFUSED'],
      ['put through a symlinked folder', ['put LOCAL/x /inbound/drop/x'], 'DS_INTAKE_SYMLINK_REFUSED'],
      ['rename to outside', ['rename /inbound/po.edi ../po.edi'], 'DS_INTAKE_PATH_OUTSIDE_ROOT'],
      ['rename out of inbound', ['rename /inbound/po.edi /outbound/po.edi'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['rm in inbound', ['rm /inbound/po.edi'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['put into outbound', ['put LOCAL/x /outbound/x'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['put into the root', ['put LOCAL/x /x'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['mkdir', ['mkdir /inbound/sub'], 'DS_INTAKE_PERMISSION_DENIED'],
      ['put a hidden name', ['put LOCAL/x /inbound/.x.part'], 'DS_INTAKE_NAME_INVALID'],
      ['pre-upload hook denial', ['put LOCAL/x /inbound/tool.exe'], 'DS_INTAKE_UPLOAD_DENIED'],
    ];
    it.each(refused)('refuses %s', async (_name, batch, code) => {
      const run = await runSftp(
        server.port,
        asKey(),
        batch.map((line) => line.replace(/LOCAL/g, join(root, 'local'))),
      );
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/Permission denied|not found|outside the home/);
      expect(audits.filter((a) => a.action === 'denied').map((a) => a.detail?.split(':')[0])).toContain(code);
      expect(existsSync(local('passwd'))).toBe(false);
      expect(existsSync('/tmp/dockside-escape-x')).toBe(false);
      expect(existsSync(local('secret-1')) || existsSync(local('secret-2'))).toBe(false);
      expect(readdirSync(outside)).toEqual(['secret.txt']);
      expect(readdirSync(home('acme')).sort()).toEqual(['inbound', 'operator-notes.txt', 'outbound']);
      expect(readdirSync(join(home('acme'), 'outbound')).sort()).toEqual(['linkdir', 'secret.txt']);
      expect(existsSync(join(home('acme'), 'inbound', 'po.edi'))).toBe(true);
      expect(uploads).toEqual([]);
    });

    it('audits refusals with their codes', async () => {
      await runSftp(server.port, asKey(), ['cd /..']);
      await runSftp(server.port, asKey(), ['ls /outbound/linkdir']);
      const details = audits.filter((a) => a.action === 'denied').map((a) => a.detail);
      expect(details).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^DS_INTAKE_PATH_OUTSIDE_ROOT: realpath/),
          expect.stringMatching(/^DS_INTAKE_SYMLINK_REFUSED: /),
        ]),
      );
    });

    it('records a temporary upload once it is renamed to its final name, and refuses other renames', async () => {
      // WinSCP and others upload to x.filepart, then rename: recorded once, under the final name.
      writeFileSync(local('staged.edi'), 'ISA*staged~');
      const run = await runSftp(server.port, asKey(), [
        `put ${local('staged.edi')} /inbound/staged.edi.filepart`,
        'rename /inbound/staged.edi.filepart /inbound/staged.edi',
      ]);
      expect(run.code).toBe(0);
      expect(uploadsOf('acme').map((u) => [u.info.name, u.bytes.toString()])).toEqual([
        ['staged.edi', 'ISA*staged~'],
      ]);
      // Any other file in inbound/ is being recorded: renaming it under the gateway's feet lost it.
      writeFileSync(join(home('acme'), 'inbound', 'first-name.csv'), 'a,b\n');
      const other = await runSftp(server.port, asKey(), [
        'rename /inbound/first-name.csv /inbound/renamed.csv',
      ]);
      expect(other.code).not.toBe(0);
      expect(existsSync(join(home('acme'), 'inbound', 'first-name.csv'))).toBe(true);
      // A temporary upload is not renamed over an existing file, nor to another temporary name.
      writeFileSync(local('again.edi'), 'second');
      const clash = await runSftp(server.port, asKey(), [
        `put ${local('again.edi')} /inbound/again.tmp`,
        'rename /inbound/again.tmp /inbound/staged.edi',
      ]);
      expect(clash.code).not.toBe(0);
      expect(
        (await runSftp(server.port, asKey(), ['rename /inbound/again.tmp /inbound/b.part'])).code,
      ).not.toBe(0);
      expect(uploadsOf('acme')).toHaveLength(1);
    });
  });

  it('an over-size upload fails and leaves nothing behind', async () => {
    writeFileSync(local('big.edi'), randomBytes(1024 * 1024));
    const run = await runSftp(server.port, asKey('tiny'), [`put ${local('big.edi')} /inbound/big.edi`]);
    expect(run.code).not.toBe(0);
    expect(inboundNames('tiny')).toEqual([]);
    expect(uploadsOf('tiny')).toEqual([]);
    expect(audits).toContainEqual(
      expect.objectContaining({
        action: 'upload-failed',
        detail: expect.stringMatching(/^DS_INTAKE_FILE_TOO_LARGE/),
      }),
    );
    // A file under the limit still goes through.
    writeFileSync(local('small.edi'), randomBytes(60 * 1024));
    expect(
      (await runSftp(server.port, asKey('tiny'), [`put ${local('small.edi')} /inbound/small.edi`])).code,
    ).toBe(0);
    expect(inboundNames('tiny')).toEqual(['small.edi']);
  });

  it('a client killed mid-upload leaves no file and onUpload is never called', async () => {
    writeFileSync(local('huge.edi'), randomBytes(16 * 1024 * 1024));
    // -l 4000 (Kbit/s) keeps the transfer going long enough to be killed in the middle.
    const child = spawnSftp(server.port, asKey('slow'), [`put ${local('huge.edi')} /inbound/huge.edi`], {
      extraArgs: ['-l', '4000'],
    });
    const done = finished(child);
    const partSize = (): number => {
      if (!existsSync(join(home('slow'), 'inbound'))) return 0;
      const part = inboundNames('slow').find((n) => n.endsWith('.part'));
      return part ? statSync(join(home('slow'), 'inbound', part)).size : 0;
    };
    await waitFor(() => partSize() > 100_000, 20_000, 'the upload to start');
    killGroup(child);
    await done;
    await waitFor(() => inboundNames('slow').length === 0, 10_000, 'the part file to be removed');
    expect(uploadsOf('slow')).toEqual([]);
    await waitFor(() => audits.some((a) => a.action === 'upload-discarded'), 5_000, 'the audit');
    expect(audits.find((a) => a.action === 'upload-discarded')?.detail).toMatch(
      /^DS_INTAKE_UPLOAD_INCOMPLETE: \/inbound\/huge.edi/,
    );
  });

  it('an upload that cannot be recorded fails for the client and is taken back', async () => {
    failUpload = true;
    writeFileSync(local('f.edi'), 'payload');
    const run = await runSftp(server.port, asKey('flaky'), [`put ${local('f.edi')} /inbound/f.edi`]);
    failUpload = false;
    expect(run.code).not.toBe(0);
    expect(inboundNames('flaky')).toEqual([]);
    const retry = await runSftp(server.port, asKey('flaky'), [`put ${local('f.edi')} /inbound/f.edi`]);
    expect(retry.code).toBe(0);
    expect(uploadsOf('flaky').map((u) => u.info.name)).toEqual(['f.edi']);
  });

  it('refuses a login past the user maxSessions', async () => {
    const first = spawnSftp(server.port, asKey('single'), [], { keepOpen: true });
    const firstDone = finished(first);
    await waitFor(() => audits.some((a) => a.action === 'login' && a.username === 'single'), 10_000, 'login');
    const second = await runSftp(server.port, asKey('single'), ['ls']);
    expect(second.code).not.toBe(0);
    expect(audits).toContainEqual(
      expect.objectContaining({
        action: 'login-refused',
        detail: expect.stringMatching(/^DS_INTAKE_MAX_SESSIONS/),
      }),
    );
    first.stdin?.end('bye\n');
    expect((await firstDone).code).toBe(0);
    expect((await runSftp(server.port, asKey('single'), ['ls'])).code).toBe(0);
  });
});

describe('hosted SFTP server limits and host key', () => {
  let root: string;
  let key: { keyPath: string; publicKey: string };
  let users: SftpUser[];
  beforeAll(async () => {
    ensureOpenSshTools();
    root = mkdtempSync(join(tmpdir(), 'dockside-sftp-limits-'));
    key = makeClientKey(root);
    users = [
      {
        partnerId: 'p1',
        username: 'acme',
        publicKeys: [key.publicKey],
        passwordHash: await hashPassword(PASSWORD),
        home: join(root, 'acme'),
      },
    ];
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('rate-limits failed logins, then refuses even the right password until the cool-down ends', async () => {
    const audits: SftpAuditEvent[] = [];
    const server = await startSftpServer({
      port: 0,
      hostKeyPath: join(root, 'host_key'),
      users: () => users,
      onUpload: async () => undefined,
      audit: (e) => audits.push(e),
      maxAuthFailuresPerMinute: 3,
      authCooldownMs: 3_000,
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await runSftp(server.port, { username: 'acme', password: 'wrong' }, ['ls'])).code).not.toBe(
          0,
        );
      const right = await runSftp(server.port, { username: 'acme', password: PASSWORD }, ['ls']);
      expect(right.code).not.toBe(0);
      // The address is blocked: keys are refused too.
      expect((await runSftp(server.port, { username: 'acme', keyPath: key.keyPath }, ['ls'])).code).not.toBe(
        0,
      );
      expect(audits.filter((a) => a.action === 'login-failed')).toHaveLength(3);
      expect(audits).toContainEqual(
        expect.objectContaining({
          action: 'login-refused',
          detail: expect.stringMatching(/^DS_INTAKE_AUTH_RATE_LIMITED/),
        }),
      );
      await new Promise((r) => setTimeout(r, 3_200));
      expect((await runSftp(server.port, { username: 'acme', password: PASSWORD }, ['ls'])).code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('closes idle connections', async () => {
    const audits: SftpAuditEvent[] = [];
    const server = await startSftpServer({
      port: 0,
      hostKeyPath: join(root, 'host_key'),
      users: () => users,
      onUpload: async () => undefined,
      audit: (e) => audits.push(e),
      idleTimeoutMs: 500,
    });
    try {
      const child = spawnSftp(server.port, { username: 'acme', keyPath: key.keyPath }, ['ls'], {
        keepOpen: true,
      });
      const done = finished(child, 15_000);
      const started = Date.now();
      await waitFor(() => audits.some((a) => a.action === 'logout'), 10_000, 'the idle connection to close');
      expect(Date.now() - started).toBeLessThan(5_000);
      // sftp only notices when it next talks to the server.
      child.stdin?.end('ls\n');
      expect((await done).code).not.toBe(0);
    } finally {
      await server.close();
    }
  });

  it('drops connections that do not log in within the grace time, and caps them per address', async () => {
    // Found by a probe: sockets that only sent an SSH banner were held until the idle timeout; a
    // flood of them used up the process's file descriptors, and the whole gateway with them.
    const server = await startSftpServer({
      port: 0,
      hostKeyPath: join(root, 'host_key'),
      users: () => users,
      onUpload: async () => undefined,
      loginGraceMs: 500,
      maxConnectionsPerAddress: 3,
    });
    const silent = () =>
      new Promise<{ closed: Promise<number> }>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          socket.write('SSH-2.0-probe\r\n');
          resolve({ closed: new Promise((r) => socket.once('close', () => r(Date.now()))) });
        });
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
      });
    try {
      const started = Date.now();
      const held = await Promise.all([silent(), silent(), silent()]);
      // A fourth from the same address is closed at once.
      const refusedAt = await (await silent()).closed;
      expect(refusedAt - started).toBeLessThan(400);
      // The three are dropped once the grace time is over.
      for (const h of held) expect((await h.closed) - started).toBeGreaterThanOrEqual(450);
      // Partners that log in are not cut off by it (still connected after twice the grace time),
      // nor counted against the cap: four sessions from this address at once.
      const children = [];
      for (let i = 0; i < 4; i++) {
        const child = spawnSftp(server.port, { username: 'acme', keyPath: key.keyPath }, ['ls'], {
          keepOpen: true,
        });
        // Logged in once its first listing arrives; then the next one connects.
        await new Promise((r) => child.stdout?.once('data', r));
        children.push(child);
      }
      const done = children.map((c) => finished(c, 15_000));
      await new Promise((r) => setTimeout(r, 1_000));
      for (const c of children) c.stdin?.end('ls\n');
      expect((await Promise.all(done)).map((d) => d.code)).toEqual([0, 0, 0, 0]);
      // Closing does not wait for a connection still in its grace time.
      const lingering = await silent();
      await server.close();
      await lingering.closed;
    } finally {
      await server.close();
    }
  });

  it('records a temporary upload never renamed under its own name, once its session must be over', async () => {
    // Found by review: a partner whose final file is called report.tmp would otherwise lose it.
    const stale = join(users[0].home, 'inbound', 'report.tmp');
    mkdirSync(join(users[0].home, 'inbound'), { recursive: true });
    writeFileSync(stale, 'ISA*final~');
    utimesSync(stale, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const recorded: string[] = [];
    const server = await startSftpServer({
      port: 0,
      hostKeyPath: join(root, 'host_key'),
      users: () => users,
      onUpload: async (_u, info) => void recorded.push(`${info.name} ${readFileSync(info.path, 'utf8')}`),
      idleTimeoutMs: 10_000,
    });
    await server.close();
    expect(recorded).toEqual(['report.tmp ISA*final~']);
  });

  it('keeps its host key: two starts with the same hostKeyPath present the same key', async () => {
    const hostKeyPath = join(root, 'persisted', 'host_ed25519');
    const first = await startSftpServer({
      port: 0,
      hostKeyPath,
      users: () => users,
      onUpload: async () => undefined,
    });
    const keyOfFirst = await scanHostKey(first.port);
    await first.close();
    const second = await startSftpServer({
      port: 0,
      hostKeyPath,
      users: () => users,
      onUpload: async () => undefined,
    });
    const keyOfSecond = await scanHostKey(second.port);
    await second.close();
    expect(keyOfFirst).toMatch(/^ssh-ed25519 /);
    expect(keyOfSecond).toBe(keyOfFirst);
    expect(statSync(hostKeyPath).mode & 0o777).toBe(0o600);
  });
});
