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
  worker               deliver queued events to the ERP from BullMQ (needs DATABASE_URL and REDIS_URL)
  mock-erp [--port N] [--host H] [--secret-env NAME]
                       run a sandbox ERP webhook endpoint (default 127.0.0.1:9090) that records
                       CloudEvents and fails on demand; signatures checked with the secret in $NAME
  files [--partner P] [--state S] [--number PO] [--control N] [--limit N] [--json]
                       files in the running gateway, newest first (over its API: DOCKSIDE_URL,
                       default http://127.0.0.1:8080, and DOCKSIDE_TOKEN)
  errors [--partner P] [--limit N] [--json]
                       rejected and failed files with their errors (over the API)
  replay EVENT_ID      queue an event for the ERP again (over the API, operator token)
  reprocess FILE_ID    translate a stored file again (over the API, operator token)
  --help               show this help
`;

const commands: Record<string, () => Promise<Command>> = {
  translate: async () => (await import('./commands/translate')).translateCommand,
  ack: async () => (await import('./commands/ack')).ackCommand,
  partners: async () => (await import('./commands/partners')).partnersCommand,
  start: async () => (await import('./commands/start')).startCommand,
  worker: async () => (await import('./commands/worker')).workerCommand,
  'mock-erp': async () => (await import('./commands/mock-erp')).mockErpCommand,
  files: async () => (await import('./commands/ops')).filesCommand,
  errors: async () => (await import('./commands/ops')).errorsCommand,
  replay: async () => (await import('./commands/ops')).replayCommand,
  reprocess: async () => (await import('./commands/ops')).reprocessCommand,
};

/** The sub-command names (the deployment test checks compose commands against them). */
export const COMMAND_NAMES: readonly string[] = Object.keys(commands);

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
