// Canonical events in bulk for dispatch tests and the dispatch benchmark (no database imports,
// so the built benchmark can load it).
import { randomBytes } from 'node:crypto';
import { makeEvent, type CanonicalEvent } from '../../../../canonical/cloudevent';

/** `n` order events of one partner, each about its own PO. */
export function orderEvents(n: number, partnerId = `p-${randomBytes(4).toString('hex')}`): CanonicalEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      type: 'order.created',
      partnerId,
      subject: `PO-${i}`,
      time: '2026-11-27T10:00:00Z',
      sourceFormat: 'x12-850-004010',
      idParts: [partnerId, String(i)],
      x12: { interchange: '000000001', group: '1', set: String(i).padStart(4, '0') },
      data: { purchaseOrderNumber: `PO-${i}`, lines: [{ lineNumber: '1', quantity: 1 }] },
    }),
  );
}
