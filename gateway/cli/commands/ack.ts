// `dockside ack FILE` — print the 997/999/TA1 that the gateway would send for FILE.
import { CliIo, EXIT_OK, EXIT_REJECTED, EXIT_USAGE } from '../io';
import { parseArgs, readInput } from '../args';
import { translateFile } from '../translate-file';

export async function ackCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { partner: 'string', partners: 'string' });
  if ('error' in parsed || parsed.positional.length !== 1) {
    io.err(
      `dockside ack: ${'error' in parsed ? parsed.error : 'expected one FILE'}\nUsage: dockside ack FILE [--partner ID] [--partners DIR]\n`,
    );
    return EXIT_USAGE;
  }
  const input = await readInput(parsed.positional[0], io, 'ack');
  if (!input) return EXIT_USAGE;
  const outcome = await translateFile(input, parsed.options);
  if ('usage' in outcome) {
    io.err(`dockside ack: ${outcome.usage}\n`);
    return EXIT_USAGE;
  }
  for (const ack of outcome.acks) io.out(ack);
  for (const e of outcome.errors) io.err(`${e.message}\n`);
  return outcome.accepted ? EXIT_OK : EXIT_REJECTED;
}
