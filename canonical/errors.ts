// Typed errors for Dockside. Lives in canonical/ because canonical/ is the bottom of the
// dependency graph (gateway → translators → canonical): every layer can import it.

/**
 * The one error class Dockside throws. `code` is `DS_<AREA>_<WHAT>`; `retryable` says whether
 * trying the same operation again may succeed (false for bad input, true for an ERP outage).
 */
export class DocksideError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DocksideError';
  }
}
