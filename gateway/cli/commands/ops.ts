// CLI over the ops API: `dockside files`, `errors`, `replay EVENT_ID`, `reprocess FILE_ID`.
// They talk to the running gateway (DOCKSIDE_URL, DOCKSIDE_TOKEN), so they work while it holds
// the PGlite lock. Exit 0 on success, 1 when the call failed, 2 on bad usage.
import { parseArgs } from '../args';
import { apiTarget, callApi, query, withApi } from '../api-client';
import { CliIo, EXIT_OK, EXIT_USAGE } from '../io';
import type { ReprocessResult } from '../../runtime/pipeline';

interface FileRow {
  id: string;
  partnerId: string;
  transport: string;
  name: string;
  state: string;
  receivedAt: string;
  errorSummary: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ErrorRow {
  code: string;
  message: string;
  ack?: string;
  line?: number;
  segment?: number;
  tag?: string;
  element?: number;
  row?: number;
  column?: string;
  value?: string;
}

const FILES_USAGE =
  'Usage: dockside files [--partner P] [--state S] [--number PO] [--control N] [--limit N] [--json]\n';

/** `dockside files`: the newest files, filtered. */
export async function filesCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, {
    partner: 'string',
    state: 'string',
    number: 'string',
    control: 'string',
    limit: 'string',
    json: 'boolean',
  });
  if ('error' in parsed || parsed.positional.length > 0) {
    io.err(`dockside files: ${'error' in parsed ? parsed.error : 'unexpected argument'}\n${FILES_USAGE}`);
    return EXIT_USAGE;
  }
  const o = parsed.options as Record<string, string | undefined>;
  if (o.limit !== undefined && !/^\d+$/.test(o.limit)) {
    io.err(`dockside files: --limit needs a number\n${FILES_USAGE}`);
    return EXIT_USAGE;
  }
  return withApi('files', io, async () => {
    const page = await callApi<Page<FileRow>>(
      apiTarget(),
      'GET',
      `/files${query({
        partner: o.partner,
        state: o.state,
        businessNumber: o.number,
        controlNumber: o.control,
        limit: o.limit ?? 50,
      })}`,
    );
    if (parsed.options.json) {
      io.out(`${JSON.stringify(page.items, null, 2)}\n`);
      return EXIT_OK;
    }
    if (page.items.length === 0) {
      io.out('no files\n');
      return EXIT_OK;
    }
    for (const f of page.items) {
      const why = f.errorSummary ? `  ${oneLine(f.errorSummary, 80)}` : '';
      io.out(
        `${f.receivedAt}  ${f.state.padEnd(10)}  ${f.partnerId.padEnd(12)}  ${f.id}  ${oneLine(f.name, 60)}${why}\n`,
      );
    }
    if (page.nextCursor) io.out(`(more: use --limit, or the API's cursor)\n`);
    return EXIT_OK;
  });
}

/** `dockside errors`: rejected and failed files with their translation errors. */
export async function errorsCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { partner: 'string', limit: 'string', json: 'boolean' });
  const usage = 'Usage: dockside errors [--partner P] [--limit N] [--json]\n';
  if ('error' in parsed || parsed.positional.length > 0) {
    io.err(`dockside errors: ${'error' in parsed ? parsed.error : 'unexpected argument'}\n${usage}`);
    return EXIT_USAGE;
  }
  const partner = parsed.options.partner as string | undefined;
  const limitText = (parsed.options.limit as string | undefined) ?? '20';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1) {
    io.err(`dockside errors: --limit needs a number\n${usage}`);
    return EXIT_USAGE;
  }
  const limit = Math.min(Number(limitText), 500);
  return withApi('errors', io, async () => {
    const target = apiTarget();
    const pages = await Promise.all(
      ['rejected', 'failed'].map((state) =>
        callApi<Page<FileRow>>(target, 'GET', `/files${query({ partner, state, limit })}`),
      ),
    );
    const files = pages
      .flatMap((p) => p.items)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, limit);
    const detailed = await Promise.all(
      files.map(async (f) => ({
        file: f,
        errors: (await callApi<{ errors: ErrorRow[] }>(target, 'GET', `/files/${encodeURIComponent(f.id)}`))
          .errors,
      })),
    );
    if (parsed.options.json) {
      io.out(`${JSON.stringify(detailed, null, 2)}\n`);
      return EXIT_OK;
    }
    if (detailed.length === 0) {
      io.out('no rejected or failed files\n');
      return EXIT_OK;
    }
    for (const { file, errors } of detailed) {
      io.out(`${file.receivedAt}  ${file.state}  ${file.partnerId}  ${file.id}  ${oneLine(file.name, 60)}\n`);
      if (errors.length === 0 && file.errorSummary) io.out(`  ${oneLine(file.errorSummary, 200)}\n`);
      for (const e of errors) io.out(`  ${e.code}${where(e)}: ${oneLine(e.message, 200)}\n`);
    }
    return EXIT_OK;
  });
}

/** `dockside replay EVENT_ID`: queue one event again (operator token). */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('--')) {
    io.err('Usage: dockside replay EVENT_ID\n');
    return EXIT_USAGE;
  }
  return withApi('replay', io, async () => {
    const r = await callApi<{ eventId: string; state: string }>(
      apiTarget(),
      'POST',
      `/events/${encodeURIComponent(args[0])}/replay`,
    );
    io.out(`replayed ${r.eventId}: ${r.state}\n`);
    return EXIT_OK;
  });
}

/** `dockside reprocess FILE_ID`: translate a stored file again (operator token). */
export async function reprocessCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('--')) {
    io.err('Usage: dockside reprocess FILE_ID\n');
    return EXIT_USAGE;
  }
  return withApi('reprocess', io, async () => {
    const r = await callApi<ReprocessResult>(
      apiTarget(),
      'POST',
      `/files/${encodeURIComponent(args[0])}/reprocess`,
    );
    io.out(
      `reprocessed ${r.fileId}: ${r.state}, ${r.queued} event(s) queued, ${r.refreshed} updated, ${r.alreadyQueued} already queued\n`,
    );
    return EXIT_OK;
  });
}

// Partner data on a terminal: no control characters (escape sequences), one line.
function oneLine(text: string, max: number): string {
  const clean = text.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function where(e: ErrorRow): string {
  const parts: string[] = [];
  if (e.line !== undefined) parts.push(`line ${e.line}`);
  if (e.tag !== undefined) parts.push(e.segment !== undefined ? `${e.tag} (segment ${e.segment})` : e.tag);
  if (e.element !== undefined) parts.push(`element ${e.element}`);
  if (e.row !== undefined) parts.push(`row ${e.row}`);
  if (e.column !== undefined) parts.push(`column ${oneLine(e.column, 40)}`);
  if (e.ack !== undefined) parts.push(e.ack);
  return parts.length ? ` at ${parts.join(', ')}` : '';
}
