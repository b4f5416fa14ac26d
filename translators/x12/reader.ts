// The envelope reader: takes the lexer's segments, tracks ISA/GS/ST nesting, control numbers
// and counts, runs the set validator, and hands out verdicts per set, group and interchange.
import type { Delimiters, GroupHeader, InterchangeHeader, ParsedSet, X12Segment } from './model';
import { issue, IssueCode, Pos, X12Issue } from './issues';
import type { LexerSink } from './lexer';
import type { SegmentView } from './segment-view';
import {
  checkGs,
  checkIsa,
  groupHeader,
  interchangeHeader,
  interchangeStatus,
  validGroupControl,
} from './envelope-checks';
import { SetValidator } from './set-validator';
import type {
  GroupResult,
  GroupStatus,
  InterchangeResult,
  SetResult,
  X12Observer,
  X12Report,
} from './results';
import type { VersionSchema } from './schemas/types';
import { schemaFor } from './schemas';

/** Takes a set's segments as they are read, ST to SE (see `ReaderOptions.setSegments`). */
export interface SetSegmentSink {
  /** One segment; the view is reused for the next one: copy what you keep. */
  segment(view: SegmentView, offset: number, line: number, position: number): void;
}

export interface ReaderOptions {
  /** Keep each set's segments for the observer (needed to map sets to events). Default false. */
  keepSegments?: boolean;
  /**
   * A sink for the segments of a set with ST01 `id`, called at its ST. A set given to a sink is
   * not kept (its `ParsedSet.segments` is empty): the sink copies what it needs as segments
   * pass, so nothing of the set outlives it.
   */
  setSegments?: (id: string) => SetSegmentSink | undefined;
  /**
   * Keep finished interchanges in the report (default true). With false, each interchange is
   * handed to the observer and dropped: memory is bounded by the largest interchange.
   */
  retain?: boolean;
  observer?: X12Observer;
  /** Schema lookup by GS08 (default: Dockside's 004010/005010 schemas); a partner overlay plugs in here. */
  schemas?: (gs08: string) => VersionSchema | undefined;
  /**
   * Asked after each interchange the observer was given: true stops reading there (the
   * translation's budget of rejected interchanges); the report ends with DS_X12_TOO_MANY_REJECTED.
   */
  halt?: () => boolean;
}

interface OpenInterchange {
  header: InterchangeHeader;
  pos: Pos;
  issues: X12Issue[];
  groups: GroupResult[];
  groupCount: number;
  groupControls: Set<string>;
  ta1: X12Segment[];
  /** Expecting GS (or IEA) next: anything else is not interchange content. */
  expectGroup: boolean;
}

interface OpenGroup {
  header: GroupHeader;
  schema: VersionSchema | undefined;
  issues: X12Issue[];
  sets: SetResult[];
  setControls: Set<string>;
  received: number;
  accepted: number;
  rejected: number;
  offset: number;
  line: number;
}

interface OpenSet {
  id: string;
  control: string;
  implementation?: string;
  validator: SetValidator | undefined;
  issues: X12Issue[];
  count: number;
  segments: X12Segment[] | undefined;
  sink: SetSegmentSink | undefined;
  offset: number;
  line: number;
}

const SET_ID = /^\d{3}$/;
const SET_CONTROL = /^[A-Za-z0-9]{4,9}$/;

export class EnvelopeReader implements LexerSink {
  private delims: Delimiters | undefined;
  private ic: OpenInterchange | undefined;
  private grp: OpenGroup | undefined;
  private set: OpenSet | undefined;
  private readonly interchanges: InterchangeResult[] = [];
  /** Sender and ISA13 of every interchange read, retained or not: a repeat is a duplicate. */
  private readonly seenControls = new Set<string>();
  private readonly fileIssues: X12Issue[] = [];
  private readonly warnings: X12Issue[] = [];
  private readonly keep: boolean;
  private readonly setSegments: ((id: string) => SetSegmentSink | undefined) | undefined;
  private readonly retain: boolean;
  private readonly observer: X12Observer;
  private readonly schemas: (gs08: string) => VersionSchema | undefined;
  /** Where the last segment started: where a cut-short interchange is reported. */
  private lastOffset = 0;
  private lastLine = 1;
  /** Reused per segment: findings copy what they keep. */
  private readonly ctx = { offset: 0, line: 0, position: 0 };

  /** See ReaderOptions.halt; read by the lexer before each segment. */
  halted = false;
  private readonly halt: (() => boolean) | undefined;

  constructor(options: ReaderOptions = {}) {
    this.halt = options.halt;
    this.keep = options.keepSegments ?? false;
    this.setSegments = options.setSegments;
    this.retain = options.retain ?? true;
    this.observer = options.observer ?? {};
    this.schemas = options.schemas ?? schemaFor;
  }

  /** The report so far; call after the lexer's `end()`. */
  report(): X12Report {
    return { interchanges: this.interchanges, issues: this.fileIssues, warnings: this.warnings };
  }

  interchange(delimiters: Delimiters): void {
    this.delims = delimiters;
  }

  issue(found: X12Issue): void {
    if (found.code === 'DS_X12_DATA_OUTSIDE_INTERCHANGE') this.warnings.push(found);
    else if (this.ic && found.ack.level !== 'none') this.ic.issues.push(found);
    else this.fileIssues.push(found);
  }

  abort(): void {
    this.closeInterchange(undefined, this.lastOffset, this.lastLine);
  }

  /** The input ended: whatever is still open lacks its trailers. */
  finish(): void {
    if (this.halted) {
      // Halted as an interchange closed: nothing is open.
      const pos = { offset: this.lastOffset, line: this.lastLine, segment: 0 };
      this.fileIssues.push(issue('DS_X12_TOO_MANY_REJECTED', pos));
      return;
    }
    if (this.ic) {
      const offset = this.lastOffset;
      const line = this.lastLine;
      this.ic.issues.push(issue('DS_X12_IEA_MISSING', { offset, line, segment: 0 }));
      this.closeInterchange(undefined, offset, line);
    }
  }

  segment(view: SegmentView, offset: number, line: number): void {
    const tag = view.tag;
    this.lastOffset = offset;
    this.lastLine = line;
    switch (tag) {
      case 'ISA':
        return this.openInterchange(view.elements(), offset, line);
      case 'IEA':
        return this.closeInterchange(view.elements(), offset, line);
      case 'GS':
        return this.openGroup(view.elements(), offset, line);
      case 'GE':
        return this.closeGroup(view.elements(), offset, line);
      case 'ST':
        return this.openSet(view, offset, line);
      case 'SE':
        return this.closeSet(view, offset, line);
    }
    const set = this.set;
    if (set) {
      set.count++;
      const position = set.count;
      set.segments?.push({ tag, elements: view.elements(), offset, line, position });
      set.sink?.segment(view, offset, line, position);
      if (set.validator) {
        const ctx = this.ctx;
        ctx.offset = offset;
        ctx.line = line;
        ctx.position = position;
        set.validator.segment(view, ctx);
      }
      return;
    }
    const ic = this.ic;
    if (!ic) return this.structure(tag, offset, line, 'none');
    // Interchange-level segments allowed between ISA and GS: TA1 acks, ISB/ISE services.
    if (!this.grp && (tag === 'TA1' || tag === 'ISB' || tag === 'ISE')) {
      if (tag === 'TA1') ic.ta1.push({ tag, elements: view.elements(), offset, line, position: 0 });
      return;
    }
    this.structure(tag, offset, line, ic.expectGroup ? 'gs' : 'structure');
  }

  private structure(tag: string, offset: number, line: number, kind: 'none' | 'gs' | 'structure'): void {
    const code: IssueCode = kind === 'gs' ? 'DS_X12_GS_INVALID' : 'DS_X12_CONTROL_STRUCTURE_INVALID';
    const found = issue(code, { offset, line, segment: 0, tag }, { detail: `unexpected ${tag} segment` });
    if (kind === 'none' || !this.ic) this.fileIssues.push(found);
    else if (!this.ic.issues.some((i) => i.code === code)) this.ic.issues.push(found);
  }

  private openInterchange(e: string[], offset: number, line: number): void {
    if (this.ic) {
      this.ic.issues.push(issue('DS_X12_IEA_MISSING', { offset, line, segment: 0, tag: 'ISA' }));
      this.closeInterchange(undefined, offset, line);
    }
    const header = interchangeHeader(e, this.delims as Delimiters, offset);
    const pos: Pos = { offset, line, segment: 0 };
    const issues = checkIsa(header, pos);
    const key = `${header.senderQualifier}\u0000${header.senderId}\u0000${header.control}`;
    if (this.seenControls.has(key)) {
      issues.push(
        issue('DS_X12_ISA_CONTROL_DUPLICATE', { ...pos, tag: 'ISA', element: 13 }, { value: header.control }),
      );
    }
    this.seenControls.add(key);
    this.ic = {
      header,
      pos,
      issues,
      groups: [],
      groupCount: 0,
      groupControls: new Set(),
      ta1: [],
      expectGroup: true,
    };
  }

  private closeInterchange(e: string[] | undefined, offset: number, line: number): void {
    const ic = this.ic;
    if (!ic) {
      if (e) this.structure('IEA', offset, line, 'none');
      return;
    }
    if (this.grp) this.closeGroup(undefined, offset, line);
    if (e) {
      const at: Pos = { offset, line, segment: 0, tag: 'IEA' };
      if (e[2] !== ic.header.control)
        ic.issues.push(
          issue('DS_X12_ISA_IEA_CONTROL_MISMATCH', { ...at, element: 2 }, { value: e[2] ?? '' }),
        );
      // An interchange of TA1s only carries no groups; some senders count the TA1s in IEA01.
      const counted = ic.groupCount === 0 && ic.ta1.length > 0 ? [0, ic.ta1.length] : [ic.groupCount];
      if (!counted.includes(Number(e[1])) || !/^\d+$/.test(e[1] ?? ''))
        ic.issues.push(
          issue('DS_X12_IEA_GROUP_COUNT_MISMATCH', { ...at, element: 1 }, { value: e[1] ?? '' }),
        );
    }
    const result: InterchangeResult = {
      header: ic.header,
      status: interchangeStatus(ic.issues),
      issues: ic.issues,
      groups: ic.groups,
      ta1: ic.ta1,
    };
    this.ic = undefined;
    if (this.retain) this.interchanges.push(result);
    this.observer.interchange?.(result);
    // Only a verdict changes the budget: asked here, not per segment.
    if (this.halt?.()) this.halted = true;
  }

  private openGroup(e: string[], offset: number, line: number): void {
    const ic = this.ic;
    if (!ic) return this.structure('GS', offset, line, 'none');
    if (this.grp) this.closeGroup(undefined, offset, line);
    ic.expectGroup = false;
    ic.groupCount++;
    const header = groupHeader(e);
    const pos: Pos = { offset, line, segment: 0 };
    ic.issues.push(...checkGs(header, e, pos));
    const issues: X12Issue[] = [];
    if (!validGroupControl(header.control)) {
      issues.push(
        issue('DS_X12_GS_CONTROL_INVALID', { ...pos, tag: 'GS', element: 6 }, { value: header.control }),
      );
    } else if (ic.groupControls.has(header.control)) {
      issues.push(
        issue('DS_X12_GS_CONTROL_DUPLICATE', { ...pos, tag: 'GS', element: 6 }, { value: header.control }),
      );
    }
    ic.groupControls.add(header.control);
    const schema = this.schemas(header.version);
    if (!schema) {
      issues.push(
        issue(
          'DS_X12_GROUP_VERSION_UNSUPPORTED',
          { ...pos, tag: 'GS', element: 8 },
          { value: header.version },
        ),
      );
    }
    this.grp = {
      header,
      schema,
      issues,
      sets: [],
      setControls: new Set(),
      received: 0,
      accepted: 0,
      rejected: 0,
      offset,
      line,
    };
  }

  private closeGroup(e: string[] | undefined, offset: number, line: number): void {
    const grp = this.grp;
    if (!grp) return this.structure('GE', offset, line, this.ic ? 'structure' : 'none');
    if (this.set) this.closeSet(undefined, offset, line);
    const at: Pos = { offset, line, segment: 0, tag: 'GE' };
    if (!e) {
      grp.issues.push(issue('DS_X12_GE_MISSING', { ...at, tag: 'GS' }));
    } else {
      if (e[2] !== grp.header.control)
        grp.issues.push(issue('DS_X12_GS_GE_CONTROL_MISMATCH', { ...at, element: 2 }, { value: e[2] ?? '' }));
      if (Number(e[1]) !== grp.received || !/^\d+$/.test(e[1] ?? ''))
        grp.issues.push(issue('DS_X12_GE_SET_COUNT_MISMATCH', { ...at, element: 1 }, { value: e[1] ?? '' }));
    }
    const declared = e && /^\d+$/.test(e[1] ?? '') ? Number(e[1]) : grp.received;
    const result: GroupResult = {
      header: grp.header,
      family: grp.schema?.version,
      status: groupStatus(grp),
      declaredSets: declared,
      receivedSets: grp.received,
      acceptedSets: grp.accepted,
      issues: grp.issues,
      sets: grp.sets,
      offset: grp.offset,
      line: grp.line,
    };
    this.grp = undefined;
    this.ic?.groups.push(result);
    this.observer.group?.(result, (this.ic as OpenInterchange).header);
  }

  private openSet(view: SegmentView, offset: number, line: number): void {
    const grp = this.grp;
    if (!grp) return this.structure('ST', offset, line, this.ic ? 'structure' : 'none');
    if (this.set) this.closeSet(undefined, offset, line);
    const e = view.elements();
    const id = e[1] ?? '';
    const control = e[2] ?? '';
    const pos: Pos = { offset, line, segment: 1, tag: 'ST' };
    const issues: X12Issue[] = [];
    if (!SET_ID.test(id)) issues.push(issue('DS_X12_ST_ID_INVALID', { ...pos, element: 1 }, { value: id }));
    if (!SET_CONTROL.test(control)) {
      issues.push(issue('DS_X12_ST_CONTROL_INVALID', { ...pos, element: 2 }, { value: control }));
    } else if (grp.setControls.has(control)) {
      issues.push(issue('DS_X12_ST_CONTROL_DUPLICATE', { ...pos, element: 2 }, { value: control }));
    }
    grp.setControls.add(control);
    const def = grp.schema?.sets[id];
    if (!def && SET_ID.test(id))
      issues.push(issue('DS_X12_SET_NOT_SUPPORTED', { ...pos, element: 1 }, { value: id }));
    const validator =
      def && grp.schema ? new SetValidator(def, grp.schema, this.delims as Delimiters) : undefined;
    const sink = this.setSegments?.(id);
    this.set = {
      id,
      control,
      implementation: e[3] || undefined,
      validator,
      issues,
      count: 1,
      segments: this.keep && !sink ? [{ tag: 'ST', elements: e, offset, line, position: 1 }] : undefined,
      sink,
      offset,
      line,
    };
    sink?.segment(view, offset, line, 1);
    validator?.segment(view, { offset, line, position: 1 });
  }

  private closeSet(view: SegmentView | undefined, offset: number, line: number): void {
    const set = this.set;
    const grp = this.grp as OpenGroup;
    if (!set) return this.structure('SE', offset, line, this.ic ? 'structure' : 'none');
    if (view) {
      const e = view.elements();
      set.count++;
      const position = set.count;
      set.segments?.push({ tag: 'SE', elements: e, offset, line, position });
      set.sink?.segment(view, offset, line, position);
      set.validator?.segment(view, { offset, line, position });
      const at: Pos = { offset, line, segment: position, tag: 'SE' };
      if (Number(e[1]) !== set.count || !/^\d+$/.test(e[1] ?? ''))
        set.issues.push(issue('DS_X12_SE_COUNT_MISMATCH', { ...at, element: 1 }, { value: e[1] ?? '' }));
      if (e[2] !== set.control)
        set.issues.push(issue('DS_X12_ST_SE_CONTROL_MISMATCH', { ...at, element: 2 }, { value: e[2] ?? '' }));
    } else {
      set.issues.push(issue('DS_X12_SE_MISSING', { offset, line, segment: set.count + 1, tag: 'SE' }));
    }
    set.validator?.finish({ offset, line, position: set.count });
    const issues = set.validator ? set.issues.concat(set.validator.issues) : set.issues;
    const result: SetResult = {
      id: set.id,
      control: set.control,
      implementation: set.implementation,
      status: issues.length > 0 || grp.issues.length > 0 ? 'R' : 'A',
      issues,
      segmentCount: set.count,
      offset: set.offset,
      line: set.line,
    };
    this.set = undefined;
    grp.received++;
    if (result.status === 'R') grp.rejected++;
    else grp.accepted++;
    grp.sets.push(result);
    const ic = this.ic as OpenInterchange;
    const parsed: ParsedSet = {
      id: set.id,
      control: set.control,
      version: grp.schema?.version ?? grp.header.version,
      segments: set.segments ?? [],
      interchange: ic.header,
      group: grp.header,
    };
    this.observer.set?.(parsed, result);
  }
}

/** AK901 from the group's findings and its sets' verdicts. */
function groupStatus(g: OpenGroup): GroupStatus {
  if (g.issues.length > 0) return 'R';
  if (g.received === 0) return 'A';
  if (g.rejected === 0) return 'A';
  return g.accepted === 0 ? 'R' : 'P';
}
