// The result of translating one file, whatever its format: the shape `dockside translate --json`
// prints and the pipeline records.
import type { CanonicalEvent } from '../canonical/cloudevent';

/** One reason a file (or part of it) was not accepted, with where it is. */
export interface TranslationError {
  /** Dockside code, e.g. DS_X12_ELEMENT_INVALID_CODE or DS_MAP_BAD_DATE. */
  readonly code: string;
  /** One line in plain words. */
  readonly message: string;
  /** The acknowledgement code it maps to, e.g. "AK403=7" or "TA105=001". */
  readonly ack?: string;
  readonly line?: number;
  readonly offset?: number;
  readonly segment?: number;
  readonly tag?: string;
  readonly element?: number;
  readonly component?: number;
  readonly column?: string;
  readonly path?: string;
  readonly row?: number;
  readonly value?: string;
  readonly interchange?: string;
  readonly group?: string;
  readonly set?: string;
}

export interface Translation {
  readonly format: 'x12' | 'csv' | 'xml';
  readonly events: readonly CanonicalEvent[];
  /** Acknowledgement interchanges to send back (X12 only). */
  readonly acks: readonly string[];
  readonly errors: readonly TranslationError[];
  /** True when nothing was rejected. */
  readonly accepted: boolean;
}
