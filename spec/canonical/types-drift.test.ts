import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../canonical/cloudevent';
import { generateTypes } from '../../canonical/generate-types';
import type { CloudEventEnvelope } from '../../canonical/types.generated';

// json-schema-to-typescript requires prettier's main entry, which starts an import() that
// jest's CommonJS runtime rejects; generateTypes formats with prettier/standalone instead.
jest.mock('prettier', () => ({}));

// Compile-time (tsc --noEmit): the hand-written envelope type of cloudevent.ts and the one
// generated from cloudevent.v1.json describe the same attributes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type EnvelopeOf<E> = Omit<E, 'data' | 'time' | 'partnerid' | 'fileid'>;
const envelopeMatches: Same<EnvelopeOf<CanonicalEvent>, EnvelopeOf<CloudEventEnvelope>> = true;
const keysMatch: Same<keyof CanonicalEvent, keyof CloudEventEnvelope> = true;

describe('canonical/types.generated.ts', () => {
  it('is what generate-types.ts makes from the schemas (run `npm run gen:canonical` when this fails)', async () => {
    const checkedIn = readFileSync(join(__dirname, '../../canonical/types.generated.ts'), 'utf8');
    expect(checkedIn).toBe(await generateTypes());
  });

  it('matches the hand-written CanonicalEvent envelope', () => {
    expect(envelopeMatches && keysMatch).toBe(true);
  });
});
