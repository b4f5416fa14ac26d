// The `dockside` command: dispatches to one module per sub-command.
import { CliIo, Command, EXIT_OK, EXIT_USAGE, processIo } from './io';

const USAGE = `Usage: dockside <command> [options]

Commands:
  translate FILE [--partner ID] [--partners DIR] [--json]
                       translate FILE offline: canonical events, acknowledgements, errors
                       (exit 0 all accepted, 1 anything rejected, 2 bad usage)
  start                run the gateway (what "npm start" runs); settings from the environment:
                       DOCKSIDE_HOME (./data), DOCKSIDE_PARTNERS (./partners), DOCKSIDE_SFTP_PORT (2222),
                       DOCKSIDE_HTTP_PORT (8080), DOCKSIDE_HOST (127.0.0.1), DATABASE_URL (PostgreSQL)
  ack FILE             print the 997/999/TA1 that the gateway would send for FILE
  partners check [DIR] validate partner profiles (errors as file:line:column)
  partners list [DIR]  list partner profiles
  partners hash-password
                       read a password on stdin, print its scrypt hash for a profile
  --help               show this help
`;

const commands: Record<string, () => Promise<Command>> = {
  translate: async () => (await import('./commands/translate')).translateCommand,
  ack: async () => (await import('./commands/ack')).ackCommand,
  partners: async () => (await import('./commands/partners')).partnersCommand,
  start: async () => (await import('./commands/start')).startCommand,
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
