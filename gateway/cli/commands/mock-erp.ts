// `dockside mock-erp`: the sandbox ERP (gateway/dispatch/mock-erp.ts) until SIGINT/SIGTERM.
import pino from 'pino';
import { CliIo, EXIT_OK, EXIT_USAGE } from '../io';
import { parseArgs } from '../args';
import { startMockErp } from '../../dispatch/mock-erp';

const USAGE = 'Usage: dockside mock-erp [--port N] [--host H] [--secret-env NAME]\n';
const DEFAULT_PORT = 9090;

interface MockErpArgs {
  port: number;
  host?: string;
  secret?: string;
}

export async function mockErpCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = readArgs(args);
  if ('error' in parsed) {
    io.err(`dockside mock-erp: ${parsed.error}\n${USAGE}`);
    return EXIT_USAGE;
  }
  let erp;
  try {
    // Logs go to stderr: stdout carries only the line that tells scripts the port.
    erp = await startMockErp({ ...parsed, logger: pino({ level: 'info' }, pino.destination(2)) });
  } catch (e) {
    // Cannot listen (port in use, bad host): a runtime failure, exit 1 as `dockside start` does.
    io.err(`dockside mock-erp: ${(e as Error).message}\n`);
    return 1;
  }
  io.out(`mock ERP listening on ${erp.url}\n`);
  await untilSignal();
  await erp.close();
  return EXIT_OK;
}

function readArgs(args: string[]): MockErpArgs | { error: string } {
  const parsed = parseArgs(args, { port: 'string', host: 'string', 'secret-env': 'string' });
  if ('error' in parsed) return parsed;
  if (parsed.positional.length > 0) return { error: `unexpected argument ${parsed.positional[0]}` };
  const { port, host, 'secret-env': secretEnv } = parsed.options as Record<string, string | undefined>;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
    return { error: `--port must be 0..65535, got ${port}` };
  }
  const secret = secretEnv === undefined ? undefined : process.env[secretEnv];
  if (secretEnv !== undefined && !secret) return { error: `environment variable ${secretEnv} is not set` };
  return {
    port: port === undefined ? DEFAULT_PORT : Number(port),
    ...(host !== undefined && { host }),
    ...(secret !== undefined && { secret }),
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
