// SFTP file attributes and `ls -l` long names from fs.Stats. uid/gid are left out: host account ids
// mean nothing to a partner and need not leak.
import type { Stats } from 'node:fs';
import type { Attributes } from 'ssh2';

/** SFTP v3 attributes of a file: type and permission bits, size, times (seconds). */
export function toAttrs(st: Stats): Attributes {
  return {
    mode: st.mode,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  } as Attributes;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(st: Stats): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : '-';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((ch, i) => (st.mode & (0o400 >> i) ? ch : '-'))
    .join('');
  return type + bits;
}

/** The `ls -l` line OpenSSH's sftp prints for `ls -l` (the server composes it in SFTP v3). */
export function longName(name: string, st: Stats, owner: string): string {
  const d = new Date(st.mtimeMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const when = `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return `${modeString(st)}    1 ${owner.padEnd(8)} ${owner.padEnd(8)} ${String(st.size).padStart(8)} ${when} ${name}`;
}
