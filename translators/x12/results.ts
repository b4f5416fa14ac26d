// What reading an X12 file produces: per interchange, group and set, the verdict and the
// findings that the acknowledgements report.
import type { GroupHeader, InterchangeHeader, ParsedSet, X12Segment } from './model';
import type { X12Issue } from './issues';

/** AK501 / IK501: A accepted, E accepted with errors noted, R rejected. */
export type SetStatus = 'A' | 'E' | 'R';
/** AK901: A, E, P partially accepted, R rejected. */
export type GroupStatus = 'A' | 'E' | 'P' | 'R';
/** TA104: A accepted, E accepted with errors noted, R rejected. */
export type InterchangeStatus = 'A' | 'E' | 'R';

export interface SetResult {
  /** ST01 ('' when missing). */
  readonly id: string;
  /** ST02 ('' when missing). */
  readonly control: string;
  /** ST03 implementation convention reference (005010), when sent. */
  readonly implementation?: string;
  readonly status: SetStatus;
  /** Set-level findings (AK502 codes) first, then segment and element findings. */
  readonly issues: readonly X12Issue[];
  /** Segments counted from ST to SE. */
  readonly segmentCount: number;
  readonly offset: number;
  readonly line: number;
}

export interface GroupResult {
  readonly header: GroupHeader;
  /** Version family the sets were validated against, undefined when not supported. */
  readonly family: string | undefined;
  readonly status: GroupStatus;
  /** GE01 as sent (number of sets the partner says it included). */
  readonly declaredSets: number;
  readonly receivedSets: number;
  readonly acceptedSets: number;
  /** Group-level findings (AK905 codes). */
  readonly issues: readonly X12Issue[];
  /** Per-set verdicts. */
  readonly sets: readonly SetResult[];
  readonly offset: number;
  readonly line: number;
}

export interface InterchangeResult {
  readonly header: InterchangeHeader;
  /** TA104 verdict of the envelope. */
  readonly status: InterchangeStatus;
  /** Interchange-level findings (TA105 codes). */
  readonly issues: readonly X12Issue[];
  readonly groups: readonly GroupResult[];
  /** TA1 segments carried inside the interchange (it is then itself an acknowledgement). */
  readonly ta1: readonly X12Segment[];
}

/** Everything one file held. */
export interface X12Report {
  readonly interchanges: readonly InterchangeResult[];
  /** Findings with no envelope to answer (empty file, no ISA …). */
  readonly issues: readonly X12Issue[];
  /** Tolerated oddities that reject nothing (data between interchanges). */
  readonly warnings: readonly X12Issue[];
}

/** Callbacks for streaming use: sets and groups are handed over as they complete. */
export interface X12Observer {
  /**
   * A complete set. Its interchange's verdict comes later (`interchange`): a consumer that
   * turns sets into events holds them until then, since a rejected interchange yields none.
   */
  set?(set: ParsedSet, result: SetResult): void;
  group?(result: GroupResult, interchange: InterchangeHeader): void;
  interchange?(result: InterchangeResult): void;
}
