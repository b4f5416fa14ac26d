import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import pino from 'pino';
import { startSftpServer } from '../../../gateway/intake/sftp-server';
it('debug server', async () => {
  mkdirSync('/tmp/dbg/home', { recursive: true });
  const pub = readFileSync('/tmp/dbg/key.pub', 'utf8').trim();
  const s = await startSftpServer({
    port: 0,
    hostKeyPath: '/tmp/dbg/hk',
    users: () => [{ partnerId: 'p', username: 'acme', publicKeys: [pub], home: '/tmp/dbg/home' }],
    onUpload: async (u, i) => {
      console.error('UPLOAD', i);
    },
    audit: (e) => console.error('AUDIT', JSON.stringify(e)),
    logger: pino({ level: 'debug' }, pino.destination(2)),
  });
  writeFileSync('/tmp/dbg/port', String(s.port));
  await new Promise((r) => setTimeout(r, 60000));
  await s.close();
}, 90000);
