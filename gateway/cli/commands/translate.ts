// `dockside translate FILE [--partner ID] [--partners DIR] [--json]` — offline, no database.
import { CliIo, EXIT_OK, EXIT_REJECTED, EXIT_USAGE } from '../io';
import { parseArgs, readInput } from '../args';
import { translateFile } from '../translate-file';

const USAGE = 'Usage: dockside translate FILE [--partner ID] [--partners DIR] [--json]\n';

export async function translateCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { partner: 'string', partners: 'string', json: 'boolean' });
  if ('error' in parsed || parsed.positional.length !== 1) {
    io.err(`dockside translate: ${'error' in parsed ? parsed.error : 'expected one FILE'}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const input = await readInput(parsed.positional[0], io, 'translate');
  if (!input) return EXIT_USAGE;
  const outcome = await translateFile(input, parsed.options);
  if ('usage' in outcome) {
    io.err(`dockside translate: ${outcome.usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed.options.json) {
    const { events, acks, errors } = outcome;
    io.out(JSON.stringify({ events, acks, errors }, null, 2) + '\n');
  } else {
    io.out(
      `${input.path}: ${outcome.format}, ${outcome.events.length} event(s), ${outcome.acks.length} ack(s), ${outcome.errors.length} error(s)\n`,
    );
    for (const e of outcome.events) io.out(`event ${e.type} ${e.subject} ${e.id}\n`);
    for (const e of outcome.errors) io.out(`error ${e.message}\n`);
    for (const a of outcome.acks) io.out(a);
  }
  return outcome.accepted ? EXIT_OK : EXIT_REJECTED;
}
