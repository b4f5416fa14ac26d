// How many interchanges and groups a file holds, from the lexer alone (no validation): what
// the gateway reserves control numbers for before it builds the acknowledgements.
import { X12Lexer } from './lexer';

export interface EnvelopeCounts {
  readonly interchanges: number;
  readonly groups: number;
}

/** Count ISA and GS segments, chunk by chunk. */
export async function countEnvelopes(input: AsyncIterable<Buffer | string>): Promise<EnvelopeCounts> {
  let interchanges = 0;
  let groups = 0;
  const lexer = new X12Lexer({
    interchange: () => undefined,
    segment: (view) => {
      if (view.tag === 'ISA') interchanges++;
      else if (view.tag === 'GS') groups++;
    },
    issue: () => undefined,
    abort: () => undefined,
  });
  for await (const chunk of input) lexer.push(chunk);
  lexer.end();
  return { interchanges, groups };
}
