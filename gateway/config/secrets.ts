// Secret references: a profile never holds a password or key, only where to find it at run time.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DocksideError } from '../../canonical/errors';

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
const FILE_REF = /^file:(.+)$/;

/** A parsed secret reference: an environment variable or a file path. */
export type SecretRef = { kind: 'env'; name: string } | { kind: 'file'; path: string };

/** Parse `env:NAME` or `file:path`; undefined when `value` is not a reference (an inline secret). */
export function parseSecretRef(value: string): SecretRef | undefined {
  const env = ENV_REF.exec(value);
  if (env) return { kind: 'env', name: env[1] };
  const file = FILE_REF.exec(value);
  if (file && file[1].trim() !== '') return { kind: 'file', path: file[1] };
  return undefined;
}

/** True when `value` is a well-formed secret reference. */
export function isSecretRef(value: string): boolean {
  return parseSecretRef(value) !== undefined;
}

/** True when `value` contains a PEM private-key block (which must never sit in a profile). */
export function containsPemPrivateKey(value: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(value);
}

/** Where `resolveSecret` looks: the environment, and the folder that relative `file:` paths start from. */
export interface SecretSources {
  env: Record<string, string | undefined>;
  baseDir: string;
}

/**
 * Resolve a secret reference to its value. Relative `file:` paths resolve against `baseDir`; one trailing
 * newline is dropped because `echo secret > file` adds it. Throws DocksideError DS_CONFIG_SECRET_* (never with the value); config errors are not retryable.
 */
export async function resolveSecret(ref: string, sources: SecretSources): Promise<string> {
  const parsed = parseSecretRef(ref);
  if (!parsed) {
    throw new DocksideError(
      'DS_CONFIG_SECRET_REF_INVALID',
      'secret reference must be env:NAME or file:path (the value itself is not shown)',
      {},
      false,
    );
  }
  if (parsed.kind === 'env') {
    const value = sources.env[parsed.name];
    if (value === undefined || value === '') {
      throw new DocksideError(
        'DS_CONFIG_SECRET_ENV_MISSING',
        `secret reference env:${parsed.name}: environment variable ${parsed.name} is not set`,
        { variable: parsed.name },
        false,
      );
    }
    return value;
  }
  const file = path.resolve(sources.baseDir, parsed.path);
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DocksideError(
      'DS_CONFIG_SECRET_FILE_UNREADABLE',
      `secret reference file:${parsed.path}: cannot read ${file} (${reason})`,
      { file },
      false,
    );
  }
}
