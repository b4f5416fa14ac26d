// Small argument parser for the CLI: `--name value`, `--flag`, positionals; unknown options are errors.
import { readFile } from 'node:fs/promises';
import type { CliIo } from './io';

export type OptionSpec = Record<string, 'string' | 'boolean'>;

export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | boolean | undefined>;
}

/** Parse `args` against `spec`; returns `{ error }` for an unknown option or a missing value. */
export function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs | { error: string } {
  const positional: string[] = [];
  const options: Record<string, string | boolean | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind) return { error: `unknown option --${name}` };
    if (kind === 'boolean') {
      options[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return { error: `--${name} needs a value` };
    options[name] = value;
  }
  return { positional, options };
}

/** A file read for a command. */
export interface InputFile {
  path: string;
  bytes: Buffer;
}

/** Read FILE, or print a one-line error and return undefined. */
export async function readInput(path: string, io: CliIo, command: string): Promise<InputFile | undefined> {
  try {
    return { path, bytes: await readFile(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    io.err(`dockside ${command}: cannot read ${path} (${code})\n`);
    return undefined;
  }
}
