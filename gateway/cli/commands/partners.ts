// `dockside partners check|list` — placeholder until the partner-profile module lands.
import { CliIo, EXIT_USAGE } from '../io';

export async function partnersCommand(_args: string[], io: CliIo): Promise<number> {
  io.err('dockside partners: not available yet\n');
  return EXIT_USAGE;
}
