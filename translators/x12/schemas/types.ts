// Types of the X12 schema data: element dictionary, segment definitions and transaction-set
// structures. Schemas are plain data (modelled on stupidedi's segment_defs and StAEDI's
// schema files); the validator interprets them.

/** X12 simple data element types. `N0`–`N9` are implied-decimal numerics (N2: "1234" = 12.34). */
export type ElementType =
  | 'AN'
  | 'ID'
  | 'DT'
  | 'TM'
  | 'R'
  | 'B'
  | 'N'
  | 'N0'
  | 'N1'
  | 'N2'
  | 'N3'
  | 'N4'
  | 'N5'
  | 'N6'
  | 'N7'
  | 'N8'
  | 'N9';

/** A simple data element from the dictionary (data element number → definition). */
export interface ElementDef {
  /** Data element number, e.g. '353'. */
  readonly id: string;
  readonly name: string;
  readonly type: ElementType;
  readonly min: number;
  readonly max: number;
  /** Allowed code values, only for coded (ID) elements partners commonly get wrong. Absent = not checked. */
  readonly codes?: readonly string[];
}

/** M = mandatory, O = optional, X = relational (conditional; governed by the segment's syntax rules). */
export type Requirement = 'M' | 'O' | 'X';

/** One component of a composite data structure. */
export interface ComponentUse {
  /** Data element number. */
  readonly ref: string;
  readonly req: Requirement;
}

/** A composite data structure, e.g. C030 (position in segment) used by AK4/IK4. */
export interface CompositeDef {
  readonly id: string;
  readonly name: string;
  readonly components: readonly ComponentUse[];
  readonly rules?: readonly SyntaxRule[];
}

/** The use of an element (or composite) at one position of a segment. */
export interface ElementUse {
  /** Data element number of a simple element; absent when `composite` is set. */
  readonly ref?: string;
  /** Composite id (e.g. 'C030') when the position holds a composite. */
  readonly composite?: string;
  readonly req: Requirement;
  /** Maximum repetitions (005010 repeating elements); default 1. */
  readonly repeat?: number;
}

/**
 * X12 syntax notes, positions are 1-based element positions in the segment:
 * P paired (all or none), R required (at least one), E exclusion (at most one),
 * C conditional (if the first is present, all others are required),
 * L list conditional (if the first is present, at least one of the others is required).
 */
export interface SyntaxRule {
  readonly kind: 'P' | 'R' | 'E' | 'C' | 'L';
  readonly at: readonly number[];
}

export interface SegmentDef {
  readonly tag: string;
  readonly name: string;
  readonly elements: readonly ElementUse[];
  readonly rules?: readonly SyntaxRule[];
}

/** The use of a segment at one position of a transaction set. */
export interface SegmentUse {
  readonly kind: 'segment';
  readonly tag: string;
  /** Position number from the standard (e.g. '020'); informational, used in messages. */
  readonly pos: string;
  /** M mandatory or O optional. */
  readonly req: 'M' | 'O';
  /** Maximum use; `Infinity` for >1 without limit. */
  readonly max: number;
}

/** A loop: its first child is the loop's trigger segment. */
export interface LoopUse {
  readonly kind: 'loop';
  /** Loop id as the standard names it (e.g. 'N1', 'PO1', 'HL'); used as AK303 / IK303. */
  readonly id: string;
  readonly req: 'M' | 'O';
  /** Maximum repeats; `Infinity` for >1 without limit. */
  readonly max: number;
  readonly children: readonly Use[];
}

export type Use = SegmentUse | LoopUse;

/** A transaction set in one version: ST first, SE last, tables flattened in order. */
export interface TransactionSetDef {
  /** Transaction set identifier code (ST01), e.g. '850'. */
  readonly id: string;
  /** Version family: '004010' or '005010'. */
  readonly version: string;
  /** Functional identifier code (GS01) of the group that carries this set, e.g. 'PO'. */
  readonly functionalGroup: string;
  readonly name: string;
  readonly body: readonly Use[];
}

/** Everything the validator needs for one version family. */
export interface VersionSchema {
  readonly version: string;
  readonly elements: Readonly<Record<string, ElementDef>>;
  readonly composites: Readonly<Record<string, CompositeDef>>;
  readonly segments: Readonly<Record<string, SegmentDef>>;
  readonly sets: Readonly<Record<string, TransactionSetDef>>;
}
