// What a connector is: something that takes one canonical event to the ERP and says how that
// went, in the four outcomes the dispatcher acts on. Connectors never throw for delivery
// failures: a failure is an outcome with its error and the ERP's answer.
import type { ClaimedEvent } from '../store';

/** What one delivery needs: a claimed outbox row (a BullMQ job carries just this). */
export type Delivery = ClaimedEvent;

/** posted (2xx) · duplicate (the ERP already has it: counts as posted) · retry · rejected (dead letter). */
export interface DeliveryResult {
  outcome: 'posted' | 'duplicate' | 'retry' | 'rejected';
  statusCode?: number;
  error?: string;
  /** The ERP's answer body (truncated by the store). */
  response?: string;
  /** Earliest retry the ERP asked for (Retry-After), in ms from now. */
  retryAfterMs?: number;
}

export interface Connector {
  readonly name: string;
  deliver(event: Delivery): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/**
 * An HTTP status as an outcome: 2xx posted; 409 duplicate (idempotency key seen); 408, 425 and
 * 429 retry, because they say "later", not "never"; other 4xx rejected; everything else retry.
 */
export function outcomeOfStatus(status: number): DeliveryResult['outcome'] {
  if (status >= 200 && status < 300) return 'posted';
  if (status === 409) return 'duplicate';
  if (status === 408 || status === 425 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'rejected';
  return 'retry';
}
