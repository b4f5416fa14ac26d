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

/** One interchange received (X12): what duplicate detection keys on. */
export interface InterchangeSummary {
  readonly control: string;
  readonly senderQualifier: string;
  readonly senderId: string;
}

/** One transaction set received (X12) and its verdict. */
export interface SetSummary {
  readonly setId: string;
  readonly interchange: string;
  readonly group: string;
  readonly control: string;
  /** AK501: A accepted, E accepted with errors, R rejected. */
  readonly status: string;
}

/** An acknowledgement to send: its kind and X12 text. */
export interface AckOut {
  readonly kind: '997' | '999' | 'TA1';
  readonly content: string;
}

export interface Translation {
  readonly format: 'x12' | 'csv' | 'xml';
  readonly events: readonly CanonicalEvent[];
  /** Acknowledgement interchanges to send back (X12 only). */
  readonly acks: readonly string[];
  readonly errors: readonly TranslationError[];
  /** True when nothing was rejected. */
  readonly accepted: boolean;
  /** X12 only: the interchanges and sets received, and the acks with their kinds. */
  readonly x12?: {
    readonly interchanges: readonly InterchangeSummary[];
    readonly sets: readonly SetSummary[];
    readonly acks: readonly AckOut[];
  };
}
