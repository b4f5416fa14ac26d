// The detail views the API and the web console both show: a file or an event with its delivery
// attempts and audit trail, read the same way for both.
import type { Store } from '../store';

/** An event with its payload, delivery attempts and audit trail; undefined when there is none. */
export async function eventDetail(store: Store, id: string) {
  const event = await store.getOutboxEvent(id);
  if (!event) return undefined;
  const [deliveryAttempts, audit] = await Promise.all([
    store.queries.deliveryAttempts(id),
    store.listAudit(`event:${id}`),
  ]);
  return { ...event, deliveryAttempts, audit };
}

/** A file's detail with the delivery attempts of its events and its audit trail; undefined when there is none. */
export async function fileDetailWithDelivery(store: Store, id: string) {
  const detail = await store.fileDetail(id);
  if (!detail) return undefined;
  const [deliveryAttempts, audit] = await Promise.all([
    store.queries.deliveryAttemptsOfFile(id),
    store.listAudit(`file:${id}`),
  ]);
  return { ...detail, deliveryAttempts, audit };
}
