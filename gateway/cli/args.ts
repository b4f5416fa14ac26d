// Small argument parser for the CLI: `--name value`, `--flag`, positionals; unknown options are errors.
import { createReadStream } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE_BYTES } from '../config/profile-schema';
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

/**
 * Read FILE, at most DEFAULT_MAX_FILE_SIZE_BYTES (no partner may send more by default), or print a
 * one-line error and return undefined.
 */
export async function readInput(path: string, io: CliIo, command: string): Promise<InputFile | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Counted while reading, not taken from stat: /dev/zero or a pipe reports no size and never ends.
    for await (const chunk of createReadStream(path)) {
      size += (chunk as Buffer).length;
      if (size > DEFAULT_MAX_FILE_SIZE_BYTES) {
        io.err(
          `dockside ${command}: cannot read ${path} (DS_CLI_INPUT_TOO_LARGE: over ${DEFAULT_MAX_FILE_SIZE_BYTES} bytes, the gateway's default limit for a partner file)\n`,
        );
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    io.err(`dockside ${command}: cannot read ${path} (${code})\n`);
    return undefined;
  }
  return { path, bytes: Buffer.concat(chunks, size) };
}
