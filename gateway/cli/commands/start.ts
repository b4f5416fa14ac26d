// `dockside start` (what `npm start` runs): the gateway on the settings from the environment.
import { CliIo, EXIT_OK, EXIT_USAGE } from '../io';
import { readSettings } from '../../runtime/settings';
import { startGateway } from '../../runtime/gateway';
import { DocksideError } from '../../../canonical/errors';

export async function startCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    io.err(
      'Usage: dockside start   (settings from DOCKSIDE_HOME, DOCKSIDE_PARTNERS, DOCKSIDE_SFTP_PORT, DOCKSIDE_HTTP_PORT, DATABASE_URL)\n',
    );
    return EXIT_USAGE;
  }
  let gateway;
  try {
    const settings = readSettings();
    gateway = await startGateway(settings);
    io.out(
      `dockside: serving SFTP on ${settings.host}:${gateway.sftpPort}, HTTP on http://${settings.host}:${gateway.httpPort}/healthz` +
        `, data in ${settings.home}, ${gateway.store.backend === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}, partners from ${settings.partnersDir}\n`,
    );
  } catch (e) {
    const code = e instanceof DocksideError ? `${e.code}: ` : '';
    io.err(`dockside start: ${code}${(e as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      gateway.logger.info({ signal }, 'stopping: draining in-flight work');
      gateway.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  io.out('dockside: stopped\n');
  return EXIT_OK;
}
