// Where an event goes (the partner profile's connector, or its per-type override) and what it
// waits for: events about one purchase order from one partner are posted in business order,
// so the ERP never sees an invoice before the order it bills.
import type { CanonicalEvent } from '../../canonical/cloudevent';
import type { PartnerProfile } from '../config/profile-schema';
import type { EventRoute, RouteEvent } from '../store';

/** Business order of event types about one PO; acknowledgements and inventory are unordered. */
const RANK: Partial<Record<string, number>> = {
  'order.created': 0,
  'shipment.confirmed': 1,
  'receipt.confirmed': 2,
  'invoice.received': 3,
};

/** The PO number an event is about, when it is about one. */
export function purchaseOrderOf(event: CanonicalEvent): string | undefined {
  const data = event.data as { purchaseOrderNumber?: string; orders?: { purchaseOrderNumber?: string }[] };
  return data.purchaseOrderNumber ?? data.orders?.[0]?.purchaseOrderNumber;
}

/** The route of one event of `profile`'s partner (connector 'default' for an unknown partner). */
export function routeEvent(profile: PartnerProfile | undefined, event: CanonicalEvent): EventRoute {
  const connector = profile?.erp.byType?.[event.type] ?? profile?.erp.connector ?? 'default';
  const rank = RANK[event.type];
  const po = rank === undefined ? undefined : purchaseOrderOf(event);
  return {
    connector,
    orderKey: po === undefined ? null : `${event.partnerid}/${po}`,
    orderRank: rank ?? 0,
  };
}

/** A RouteEvent bound to a partner's profile. */
export function routeFor(profile: PartnerProfile | undefined): RouteEvent {
  return (event) => routeEvent(profile, event);
}
