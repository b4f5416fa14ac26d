// The `dockside` command: dispatches to one module per sub-command.
import { CliIo, Command, EXIT_OK, EXIT_USAGE, processIo } from './io';

const USAGE = `Usage: dockside <command> [options]

Commands:
  translate FILE [--partner ID] [--partners DIR] [--json]
                       translate FILE offline: canonical events, acknowledgements, errors
                       (exit 0 all accepted, 1 anything rejected, 2 bad usage)
  ack FILE             print the 997/999/TA1 that the gateway would send for FILE
  partners check [DIR] validate partner profiles (errors as file:line:column)
  partners list [DIR]  list partner profiles
  --help               show this help
`;

const commands: Record<string, () => Promise<Command>> = {
  translate: async () => (await import('./commands/translate')).translateCommand,
  ack: async () => (await import('./commands/ack')).ackCommand,
  partners: async () => (await import('./commands/partners')).partnersCommand,
};

/** Run the CLI with `args` (argv without node and script); resolves to the exit code. */
export async function main(args: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const load = commands[name];
  if (!load) {
    io.err(`dockside: unknown command "${name}"\n${USAGE}`);
    return EXIT_USAGE;
  }
  return (await load())(rest, io);
}
