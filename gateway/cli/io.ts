// What a CLI command may touch: its output streams. Injected so tests run commands in-process.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes of the command contract (DESIGN.md "Commands"). */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export type Command = (args: string[], io: CliIo) => Promise<number>;
