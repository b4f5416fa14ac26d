// Exponential backoff with jitter: attempt n waits between half and all of
// min(maxDelay, initialDelay × 2^(n-1)), so a fleet of failed events does not retry in lockstep
// when the ERP comes back.
import type { RetryPolicy } from './connectors-config';

/** Milliseconds to wait after failed attempt number `attempt` (1-based). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
