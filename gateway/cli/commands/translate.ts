// `dockside translate` — placeholder, replaced by the X12 engine work.
import { CliIo, EXIT_USAGE } from '../io';

export async function translateCommand(_args: string[], io: CliIo): Promise<number> {
  io.err('dockside translate: not available yet\n');
  return EXIT_USAGE;
}
