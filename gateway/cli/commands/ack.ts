// `dockside ack` — placeholder, replaced by the X12 engine work.
import { CliIo, EXIT_USAGE } from '../io';

export async function ackCommand(_args: string[], io: CliIo): Promise<number> {
  io.err('dockside ack: not available yet\n');
  return EXIT_USAGE;
}
