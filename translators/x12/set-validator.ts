// Validates one transaction set, segment by segment, against its schema: placement (order,
// loops, max use, missing mandatory segments), then the elements of each placed segment.
import type { Delimiters } from './model';
import { issue, IssueCode, X12Issue } from './issues';
import { compileSegment, CompiledSegment, validateElements, SegmentContext } from './element-validator';
import { Placement, PlacementFinding } from './structure';
import { HlHierarchy } from './hl-hierarchy';
import type { SegmentView } from './segment-view';
import type { TransactionSetDef, VersionSchema } from './schemas/types';
import { hlStructures } from './schemas/hl-structures';

const PLACEMENT_CODES: Record<PlacementFinding['kind'], IssueCode> = {
  missing: 'DS_X12_SEGMENT_MISSING',
  'over-max': 'DS_X12_SEGMENT_OVER_MAX',
  'loop-over-max': 'DS_X12_LOOP_OVER_MAX',
  'out-of-order': 'DS_X12_SEGMENT_OUT_OF_ORDER',
  'not-in-set': 'DS_X12_SEGMENT_NOT_IN_SET',
};

/** Per schema, not per set: a set is a few dozen segments, too few to amortise a cache of its own. */
const segmentsBySchema = new WeakMap<VersionSchema, Map<string, CompiledSegment | null>>();

export class SetValidator {
  /** Findings so far (segment and element level). */
  readonly issues: X12Issue[] = [];
  private readonly placement: Placement;
  private readonly hl: HlHierarchy | undefined;
  /** Compiled segment definitions by tag (null: not in the dictionary), shared by the schema's sets. */
  private readonly bySegment: Map<string, CompiledSegment | null>;

  constructor(
    def: TransactionSetDef,
    private readonly schema: VersionSchema,
    private readonly delims: Delimiters,
  ) {
    this.placement = new Placement(def);
    let bySegment = segmentsBySchema.get(schema);
    if (!bySegment) segmentsBySchema.set(schema, (bySegment = new Map()));
    this.bySegment = bySegment;
    this.hl = def.id === '856' ? new HlHierarchy(hlStructures) : undefined;
  }

  /** Validate the next segment of the set (ST first). */
  segment(view: SegmentView, ctx: SegmentContext): void {
    const tag = view.tag;
    let segDef = this.bySegment.get(tag);
    if (segDef === undefined) {
      const def = this.schema.segments[tag];
      segDef = def ? compileSegment(def, this.schema) : null;
      this.bySegment.set(tag, segDef);
    }
    if (!segDef) {
      this.issues.push(issue('DS_X12_SEGMENT_UNRECOGNIZED', pos(ctx, tag), { loop: this.placement.loopId }));
      return;
    }
    const found = this.placement.place(tag, view.tagId);
    if (found.length > 0) {
      let placed = true;
      for (const f of found) {
        if (f.kind === 'out-of-order' || f.kind === 'not-in-set') placed = false;
        this.issues.push(
          issue(PLACEMENT_CODES[f.kind], pos(ctx, f.kind === 'missing' ? f.tag : tag), { loop: f.loop }),
        );
      }
      if (!placed) return;
    }
    const before = this.issues.length;
    validateElements(view, segDef, this.schema, this.delims, ctx, this.issues);
    if (this.hl) {
      if (tag === 'BSN') this.hl.structure(view.value(5));
      else if (tag === 'HL') this.hl.check(view, ctx, this.issues);
    }
    // Element findings belong to the loop the segment was placed in (AK303).
    if (this.issues.length > before) {
      const loop = this.placement.loopId;
      for (let i = before; i < this.issues.length; i++)
        if (loop) this.issues[i] = { ...this.issues[i], loop };
    }
  }

  /** The set ended at `ctx` (SE, or the point where it was cut short). */
  finish(ctx: SegmentContext): void {
    for (const f of this.placement.finish()) {
      this.issues.push(issue(PLACEMENT_CODES[f.kind], pos(ctx, f.tag), { loop: f.loop }));
    }
  }
}

function pos(ctx: SegmentContext, tag: string) {
  return { offset: ctx.offset, line: ctx.line, segment: ctx.position, tag };
}
