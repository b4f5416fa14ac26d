// TA1s for interchanges that repeat an ISA13 the partner already used in an earlier file. That
// check is made when a file is committed (across files, under the partner's lock), after its
// acks were built: the file is then dropped whole, and these TA1s (note code 025) tell the partner
// its resend was not taken, instead of silence.
import type { AckOptions } from './ack-builder';
import { buildAcks } from './ack-builder';
import { analyzeX12Stream } from './analyze';
import { issue } from './issues';

/**
 * A TA1 with note code 025 for the first interchange of `input` under each ISA13 in `controls`
 * (one per control number, as many as the caller reserved numbers for).
 */
export async function duplicateInterchangeAcks(
  input: AsyncIterable<Buffer | string>,
  controls: ReadonlySet<string>,
  options: AckOptions,
): Promise<string[]> {
  const acks: string[] = [];
  const unanswered = new Set(controls);
  await analyzeX12Stream(input, {
    retain: false,
    observer: {
      interchange: (ic) => {
        if (!unanswered.delete(ic.header.control)) return;
        const at = { offset: 0, line: 0, segment: 0, tag: 'ISA', element: 13 };
        const duplicate = issue('DS_X12_ISA_CONTROL_DUPLICATE', at, { value: ic.header.control });
        const ack = buildAcks({ ...ic, status: 'R', issues: [duplicate], groups: [], ta1: [] }, options);
        if (ack) acks.push(ack);
      },
    },
  });
  return acks;
}
