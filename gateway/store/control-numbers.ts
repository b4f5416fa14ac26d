// Control numbers for the ack builder. `ControlNumbers.next()` (translators/x12/ack-builder.ts)
// is synchronous because translators do no I/O; the database sequence is asynchronous. So the
// pipeline reserves a block per ack build first (one atomic UPDATE … RETURNING per kind) and
// hands the builder a ControlNumbers that deals from that block. Numbers left unused are never
// handed out again: X12 allows gaps, never reuse.
import { DocksideError } from '../../canonical/errors';
import type { ControlNumbers } from '../../translators/x12/ack-builder';
import type { ControlKind, Store } from './store';

/** How many numbers of each kind one ack build may take. */
export interface ControlNeeds {
  interchange: number;
  group: number;
  set: number;
}

/** A ControlNumbers dealing from a reserved block, with what it has not used. */
export interface ReservedControlNumbers extends ControlNumbers {
  /** Numbers reserved but not taken, per kind (for logs; they are not returned). */
  unused(): Record<ControlKind, number[]>;
}

/**
 * What building the acks of one inbound interchange takes: one ISA13 for the ack interchange,
 * and per acknowledged group one GS06 and one ST02 (one 997/999 per group). Ack groups (GS01
 * FA) get none, but counting them keeps the sum simple and only leaves gaps.
 */
export function ackNeeds(groupCount: number): ControlNeeds {
  return { interchange: 1, group: Math.max(1, groupCount), set: Math.max(1, groupCount) };
}

/** Reserve `needs` numbers of the partner's sequences and return a ControlNumbers over them. */
export async function reserveControlNumbers(
  store: Pick<Store, 'nextControlNumbers'>,
  partnerId: string,
  needs: ControlNeeds,
): Promise<ReservedControlNumbers> {
  const kinds: ControlKind[] = ['interchange', 'group', 'set'];
  const blocks = new Map<ControlKind, number[]>();
  // Sequential, not Promise.all: on PGlite they serialise anyway, and on PostgreSQL three
  // round-trips for one file are cheap next to holding three pool connections.
  for (const kind of kinds) {
    blocks.set(kind, needs[kind] > 0 ? await store.nextControlNumbers(partnerId, kind, needs[kind]) : []);
  }
  return {
    next(kind: ControlKind): number {
      const value = blocks.get(kind)?.shift();
      if (value === undefined) {
        throw new DocksideError(
          'DS_STORE_CONTROL_BLOCK_EXHAUSTED',
          `the ack needed more ${kind} control numbers than the ${needs[kind]} reserved for partner ${partnerId}`,
          { partnerId, kind, reserved: needs[kind] },
        );
      }
      return value;
    },
    unused: () => ({
      interchange: [...(blocks.get('interchange') ?? [])],
      group: [...(blocks.get('group') ?? [])],
      set: [...(blocks.get('set') ?? [])],
    }),
  };
}
