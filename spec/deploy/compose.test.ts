// The scaled deployment (docker-compose.yml, Dockerfile, deploy/connectors.yaml) is never run on the
// development machines (no Docker engine), so this test reads it and checks it against the code:
// every variable set is one the gateway reads, every command exists, every path is in the image.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseSecretRef } from '../../gateway/config/secrets';
import { COMMAND_NAMES } from '../../gateway/cli/main';
import { parseConnectorsConfig } from '../../gateway/dispatch/connectors-config';
import { readSettings, SETTINGS_VARIABLES } from '../../gateway/runtime/settings';

const ROOT = path.resolve(__dirname, '../..');
/** The image's working directory: the Dockerfile copies the repository's files under it. */
const APP = '/app';

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  depends_on?: string[] | Record<string, unknown>;
  ports?: (string | { published?: string | number })[];
  volumes?: (string | { type?: string; source?: string })[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// `merge: true`: the file shares settings through YAML anchors and `<<` merge keys, as Compose does.
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as Compose;
const services = Object.entries(compose.services);
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** Services running the Dockside image (built from this repository). */
const docksideServices = services.filter(([, s]) => s.build !== undefined);

/** The variables a service sets, by name, as written (before Compose interpolation). */
function environmentOf(service: Service): Map<string, string> {
  const env = new Map<string, string>();
  if (Array.isArray(service.environment)) {
    for (const entry of service.environment) {
      const eq = entry.indexOf('=');
      env.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
    }
  } else {
    for (const [name, value] of Object.entries(service.environment ?? {})) env.set(name, String(value ?? ''));
  }
  return env;
}

/** `${NAME}`, `${NAME:?msg}`, `${NAME:-default}` … replaced by a plausible value; `$$` is a `$`. */
function interpolate(value: string): string {
  return value
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/g,
      (_, name: string) => `sample-${name.toLowerCase()}-value`,
    )
    .replace(/\$\$/g, '$');
}

/** A path inside the image (under /app) as the repository file it was copied from. */
function repoPath(imagePath: string): string {
  expect(imagePath.startsWith(`${APP}/`)).toBe(true);
  return path.join(ROOT, path.posix.relative(APP, imagePath));
}

/** Dockerfile instructions of the final (runtime) stage, continuation lines joined. */
function runtimeStage(): { instruction: string; args: string }[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines.slice(lastFrom).map((l) => {
    const [, instruction, args] = /^(\S+)\s+(.*)$/.exec(l)!;
    return { instruction: instruction.toUpperCase(), args };
  });
}

function execForm(instruction: string): string[] {
  const found = runtimeStage().filter((i) => i.instruction === instruction);
  expect(found).toHaveLength(1);
  return JSON.parse(found[0].args) as string[];
}

const connectorsVariable = docksideServices
  .map(([, s]) => environmentOf(s).get('DOCKSIDE_CONNECTORS'))
  .find((v) => v !== undefined);

/** Environment variables named by `env:NAME` secret references in the connectors file. */
function connectorSecretVariables(): Set<string> {
  const names = new Set<string>();
  if (connectorsVariable === undefined) return names;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const ref = parseSecretRef(value);
      if (ref?.kind === 'env') names.add(ref.name);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(parse(readFileSync(repoPath(connectorsVariable), 'utf8')));
  return names;
}

describe('docker-compose.yml', () => {
  it('has the scaled deployment: PostgreSQL, Redis, two gateways, two workers, the mock ERP', () => {
    const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command[0] : s.command);
    expect(compose.services.postgres?.image).toMatch(/^postgres:16/);
    expect(compose.services.redis?.image).toMatch(/^redis:7/);
    expect(docksideServices.filter(([, s]) => commandOf(s) === 'start').length).toBeGreaterThanOrEqual(2);
    expect(docksideServices.filter(([, s]) => commandOf(s) === 'worker').length).toBeGreaterThanOrEqual(2);
    expect(docksideServices.filter(([, s]) => commandOf(s) === 'mock-erp')).toHaveLength(1);
  });

  it('sets only environment variables the gateway reads', () => {
    const secretVariables = connectorSecretVariables();
    // Variables that are not gateway settings, each with its reason:
    const allowed = (service: string, name: string): boolean =>
      SETTINGS_VARIABLES.includes(name) ||
      // the connectors file names them (`secret: env:NAME`); the gateway resolves them at run time
      secretVariables.has(name) ||
      // configuration of the official postgres image itself
      (compose.services[service].image?.startsWith('postgres:') === true && /^POSTGRES_/.test(name));

    const unknown = services.flatMap(([name, s]) =>
      [...environmentOf(s).keys()].filter((v) => !allowed(name, v)).map((v) => `${name}: ${v}`),
    );
    expect(unknown).toEqual([]);
    // env_file would set variables this test cannot see.
    expect(services.filter(([, s]) => s.env_file !== undefined).map(([n]) => n)).toEqual([]);
  });

  it("gives every gateway and worker settings that the gateway's own validation accepts", () => {
    for (const [name, service] of docksideServices) {
      const env = Object.fromEntries([...environmentOf(service)].map(([k, v]) => [k, interpolate(v)]));
      let problem = '';
      try {
        readSettings(env);
      } catch (e) {
        problem = (e as Error).message;
      }
      expect([name, problem]).toEqual([name, '']);
    }
  });

  it('runs only real `dockside` commands', () => {
    const defaultCommand = execForm('CMD');
    for (const [name, service] of docksideServices) {
      expect(service.entrypoint).toBeUndefined(); // the image's `node bin/dockside.js`
      const command = service.command ?? defaultCommand;
      expect(Array.isArray(command)).toBe(true);
      expect([name, COMMAND_NAMES.includes((command as string[])[0])]).toEqual([name, true]);
    }
    expect(COMMAND_NAMES).toContain(defaultCommand[0]);
  });

  it('gives the mock ERP the secret the connectors sign with', () => {
    const [, erp] = docksideServices.find(
      ([, s]) => Array.isArray(s.command) && s.command[0] === 'mock-erp',
    )!;
    const args = erp.command as string[];
    const secretEnv = args[args.indexOf('--secret-env') + 1];
    expect(connectorSecretVariables()).toContain(secretEnv);
    expect(environmentOf(erp).has(secretEnv)).toBe(true);
  });

  it('builds every Dockside service from the Dockerfile', () => {
    for (const [, service] of docksideServices) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build!;
      const file = path.resolve(ROOT, build.context ?? '.', build.dockerfile ?? 'Dockerfile');
      expect(file).toBe(path.join(ROOT, 'Dockerfile'));
      expect(existsSync(file)).toBe(true);
    }
  });

  it('depends only on services that exist', () => {
    for (const [, service] of services) {
      const targets = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const target of targets) expect(Object.keys(compose.services)).toContain(target);
    }
  });

  it('declares its named volumes and publishes each host port once', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const hostPorts: string[] = [];
    for (const [, service] of services) {
      for (const v of service.volumes ?? []) {
        const source = typeof v === 'string' ? v.split(':')[0] : v.source;
        if (source && !/^[./~]/.test(source)) expect(declared).toContain(source);
      }
      for (const p of service.ports ?? []) {
        // [ip:]host:container; the host part is what must not collide.
        const parts = typeof p === 'string' ? p.split(':') : [String(p.published)];
        hostPorts.push(parts.length === 3 ? `${parts[0]}:${parts[1]}` : parts[0]);
      }
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('points DOCKSIDE_CONNECTORS at a connectors file in the repository that parses', () => {
    expect(connectorsVariable).toBeDefined();
    for (const [, service] of docksideServices) {
      const value = environmentOf(service).get('DOCKSIDE_CONNECTORS');
      if (value !== undefined) expect(value).toBe(connectorsVariable);
    }
    const file = repoPath(connectorsVariable!);
    expect(existsSync(file)).toBe(true);
    const config = parseConnectorsConfig(readFileSync(file, 'utf8'), file);
    // The partner profiles route to "default" unless they say otherwise.
    expect(config.connectors.has('default')).toBe(true);
  });

  it('sets the secrets the connectors file names on every process that loads it', () => {
    const secrets = connectorSecretVariables();
    expect(secrets.size).toBeGreaterThan(0);
    for (const [name, service] of docksideServices) {
      const env = environmentOf(service);
      if (!env.has('DOCKSIDE_CONNECTORS')) continue;
      for (const secret of secrets) expect([name, env.has(secret)]).toEqual([name, true]);
    }
  });

  it('points DOCKSIDE_PARTNERS at the partner folder the image holds', () => {
    for (const [, service] of docksideServices) {
      const value = environmentOf(service).get('DOCKSIDE_PARTNERS');
      if (value !== undefined) expect(existsSync(repoPath(value))).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  it('runs bin/dockside.js, which exists, with `start` by default', () => {
    const entrypoint = execForm('ENTRYPOINT');
    expect(entrypoint).toEqual(['node', 'bin/dockside.js']);
    expect(existsSync(path.join(ROOT, entrypoint[1]))).toBe(true);
    expect(execForm('CMD')).toEqual(['start']);
    const workdir = runtimeStage().find((i) => i.instruction === 'WORKDIR');
    expect(workdir?.args).toBe(APP);
  });

  it('runs as a non-root user', () => {
    const users = runtimeStage().filter((i) => i.instruction === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('sets only environment variables the gateway reads', () => {
    const names = runtimeStage()
      .filter((i) => i.instruction === 'ENV')
      .flatMap((i) => [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]));
    expect(names.filter((n) => !SETTINGS_VARIABLES.includes(n))).toEqual([]);
  });

  it('copies into the image what the compose file points at', () => {
    const copied = runtimeStage()
      .filter((i) => i.instruction === 'COPY')
      .map((i) => i.args.split(/\s+/).pop()!);
    for (const dir of ['./dist', './bin', './node_modules', './partners', './deploy']) {
      expect(copied).toContain(dir);
    }
  });
});
