// Control numbers for the ack builder. `ControlNumbers.next()` (translators/x12/ack-builder.ts)
// is synchronous because translators do no I/O; the database sequence is asynchronous. So the
// pipeline reserves a block per ack build first (atomic upserts … RETURNING, coalesced by the store) and
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
  // All kinds at once: the store coalesces reservations that arrive together (these three, and
  // those of other files translated in the same batch) into one statement.
  const reserved = await Promise.all(
    kinds.map((kind) => (needs[kind] > 0 ? store.nextControlNumbers(partnerId, kind, needs[kind]) : [])),
  );
  const blocks = new Map<ControlKind, number[]>(kinds.map((kind, i) => [kind, reserved[i]]));
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
