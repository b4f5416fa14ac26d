// `dockside partners check|list|hash-password` — validate and inspect partner profiles offline.
import { stat } from 'node:fs/promises';
import { loadProfiles, LoadProfilesResult } from '../../config/load-profiles';
import { hashPassword } from '../../config/password';
import { PartnerProfile } from '../../config/profile-schema';
import { CliIo, EXIT_OK, EXIT_REJECTED, EXIT_USAGE } from '../io';

const DEFAULT_DIR = 'partners';

const USAGE = `Usage: dockside partners <check|list> [DIR]
       dockside partners hash-password   (reads the password from stdin)

  check [DIR]      validate every profile in DIR (default partners/); errors as file:line:column message
  list [DIR]       print the partners of DIR as a table
  hash-password    print the scrypt hash to put in a hosted-sftp transport's passwordHash
`;

/** Reads all of standard input (injected so tests need no real stdin). */
export type ReadInput = () => Promise<string>;

/** Run `dockside partners …`; resolves to the exit code (0 clean, 1 errors found, 2 bad usage). */
export async function partnersCommand(
  args: string[],
  io: CliIo,
  readInput: ReadInput = readStdin,
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (sub === 'hash-password' && rest.length === 0) return hashPasswordCommand(io, readInput);
  if ((sub !== 'check' && sub !== 'list') || rest.length > 1 || rest.some((a) => a.startsWith('-'))) {
    io.err(
      sub === undefined ? USAGE : `dockside partners: unexpected arguments "${args.join(' ')}"\n${USAGE}`,
    );
    return EXIT_USAGE;
  }
  const dir = rest[0] ?? DEFAULT_DIR;
  if (!(await isDirectory(dir))) {
    io.err(`dockside partners ${sub}: ${dir} is not a folder\n`);
    return EXIT_USAGE;
  }
  const result = await loadProfiles(dir);
  return sub === 'check' ? printCheck(dir, result, io) : printList(result, io);
}

function printCheck(dir: string, { profiles, errors }: LoadProfilesResult, io: CliIo): number {
  for (const e of errors) io.out(`${e.file}:${e.line}:${e.column} ${e.message}\n`);
  if (errors.length > 0) {
    const files = new Set(errors.map((e) => e.file)).size;
    io.out(`${plural(errors.length, 'error')} in ${plural(files, 'file')}\n`);
    return EXIT_REJECTED;
  }
  if (profiles.length === 0) {
    io.out(`no partner profiles (*.yaml) in ${dir}\n`);
    return EXIT_REJECTED;
  }
  io.out(`${plural(profiles.length, 'partner profile')} OK: ${profiles.map((p) => p.id).join(', ')}\n`);
  return EXIT_OK;
}

function printList({ profiles, errors }: LoadProfilesResult, io: CliIo): number {
  const header = ['ID', 'NAME', 'ROLE', 'ISA', 'TRANSPORTS', 'DOCUMENTS'];
  const rows = profiles.map((p) => [
    p.id,
    p.name,
    p.role,
    p.x12 ? `${p.x12.partner.isa.qualifier}*${p.x12.partner.isa.id}` : '-',
    p.transports.map((t) => t.type).join(', '),
    documentsSummary(p),
  ]);
  io.out(formatTable([header, ...rows]));
  if (errors.length > 0) {
    // Listing still shows the good profiles; the bad ones are named so nobody thinks they are live.
    io.err(
      `${plural(errors.length, 'error')}; profiles with errors are not listed (run: dockside partners check)\n`,
    );
    return EXIT_REJECTED;
  }
  return EXIT_OK;
}

function documentsSummary(p: PartnerProfile): string {
  const inbound = p.documents.inbound.map((d) => (typeof d === 'string' ? d : `${d.format}:${d.mapping}`));
  const parts: string[] = [];
  if (inbound.length) parts.push(`in ${inbound.join(' ')}`);
  if (p.documents.outbound.length) parts.push(`out ${p.documents.outbound.join(' ')}`);
  return parts.join('; ');
}

/** Columns padded to their widest cell, two spaces apart, no trailing spaces. */
function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map(
      (r) =>
        `${r
          .map((cell, c) => cell.padEnd(widths[c]))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

async function hashPasswordCommand(io: CliIo, readInput: ReadInput): Promise<number> {
  // From stdin, not argv: arguments end up in shell history and in `ps` output.
  const password = (await readInput()).replace(/\r?\n$/, '');
  if (password === '') {
    io.err('dockside partners hash-password: no password on stdin\n');
    return EXIT_USAGE;
  }
  io.out(`${await hashPassword(password)}\n`);
  return EXIT_OK;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
