// Segment placement in a transaction set: the loop/position state machine that decides, for
// each segment, where in the set's structure it belongs, and which mandatory segments or
// loops were skipped to get there (stupidedi's table/loop model, flattened).
import type { LoopUse, TransactionSetDef, Use } from './schemas/types';
import { tagId } from './segment-view';

/** A loop (or the set's root) compiled for placement: children plus a tag → child index. */
interface Node {
  readonly id: string;
  readonly children: readonly Use[];
  /** Child indices (ascending) reachable by a segment tag: the segment itself or a loop's trigger. */
  readonly byTag: ReadonlyMap<string, readonly number[]>;
  /** byTag by tag id (see SegmentView): an array index instead of a map lookup per frame. */
  readonly byId: readonly (readonly number[] | undefined)[];
  /** tags[i]: the tag that places child i (its own, or its trigger's for a loop). */
  readonly tags: readonly string[];
  /** nextMandatory[i]: the first mandatory child at or after i (children.length when none). */
  readonly nextMandatory: Int32Array;
}

interface Frame {
  readonly node: Node;
  /** Index of the current child; -1 before the first. */
  idx: number;
  /** Uses of the current child: segment occurrences, or loop iterations. */
  uses: number;
}

/** Something the placement found wrong, for the validator to turn into an AK3. */
export type PlacementFinding =
  | { kind: 'missing'; tag: string; loop: string }
  | { kind: 'over-max'; tag: string; loop: string }
  | { kind: 'loop-over-max'; tag: string; loop: string }
  | { kind: 'out-of-order'; tag: string; loop: string }
  | { kind: 'not-in-set'; tag: string; loop: string };

const compiled = new WeakMap<object, Node>();
/** Returned when a segment is where it may be (the common case): no allocation. */
const NONE: readonly PlacementFinding[] = Object.freeze([]);

function compile(id: string, children: readonly Use[]): Node {
  const byTag = new Map<string, number[]>();
  const tags = children.map((child) => (child.kind === 'segment' ? child.tag : triggerTag(child)));
  tags.forEach((tag, i) => {
    const list = byTag.get(tag);
    if (list) list.push(i);
    else byTag.set(tag, [i]);
  });
  const byId: (number[] | undefined)[] = [];
  for (const [tag, list] of byTag) {
    const id = tagId(tag);
    // Filled up to each id with undefined: a dense array, not a sparse (dictionary) one.
    while (byId.length <= id) byId.push(undefined);
    if (id !== -1) byId[id] = list;
  }
  const nextMandatory = new Int32Array(children.length + 1);
  nextMandatory[children.length] = children.length;
  for (let i = children.length - 1; i >= 0; i--)
    nextMandatory[i] = children[i].req === 'M' ? i : nextMandatory[i + 1];
  return { id, children, byTag, byId, tags, nextMandatory };
}

function nodeFor(owner: TransactionSetDef | LoopUse): Node {
  let node = compiled.get(owner);
  if (!node) {
    node = 'body' in owner ? compile('', owner.body) : compile(owner.id, owner.children);
    compiled.set(owner, node);
  }
  return node;
}

function triggerTag(loop: LoopUse): string {
  const first = loop.children[0];
  return first.kind === 'segment' ? first.tag : triggerTag(first);
}

function allTags(uses: readonly Use[], into: Set<string>): Set<string> {
  for (const u of uses) {
    if (u.kind === 'segment') into.add(u.tag);
    else allTags(u.children, into);
  }
  return into;
}

const setTags = new WeakMap<TransactionSetDef, Set<string>>();

/** Tracks where the set is; `place` is called once per segment, ST first. */
export class Placement {
  private readonly stack: Frame[];

  constructor(private readonly def: TransactionSetDef) {
    this.stack = [{ node: nodeFor(def), idx: -1, uses: 0 }];
  }

  /** Innermost loop id at the current position ('' at the root). */
  get loopId(): string {
    return this.stack[this.stack.length - 1].node.id;
  }

  /**
   * Place a segment (`id`: its SegmentView tag id). Returns the findings (empty when the segment is where it may be);
   * on 'out-of-order' / 'not-in-set' the state is left unchanged.
   */
  place(tag: string, id: number): readonly PlacementFinding[] {
    const stack = this.stack;
    // Fast path for the common case: the innermost frame's current child again, or its next
    // one. Either is the first candidate at or after `from`, exactly what the search finds.
    const top = stack.length - 1;
    const f = stack[top];
    const from = top > 0 ? Math.max(f.idx, 1) : f.idx;
    if (from >= 0) {
      const tags = f.node.tags;
      const c = tags[from] === tag ? from : from + 1 < tags.length && tags[from + 1] === tag ? from + 1 : -1;
      if (c !== -1) return this.advance(f, c, tag, undefined) ?? NONE;
    }
    for (let d = top; d >= 0; d--) {
      const f = stack[d];
      const cands = id === -1 ? f.node.byTag.get(tag) : f.node.byId[id];
      if (!cands) continue;
      let c = -1;
      // Inside a loop, its trigger (child 0) again starts the next iteration: the parent places it.
      const from = d > 0 ? Math.max(f.idx, 1) : f.idx;
      for (const i of cands) {
        if (i >= from) {
          c = i;
          break;
        }
      }
      if (c === -1) continue;
      let findings: PlacementFinding[] | undefined;
      while (stack.length - 1 > d) findings = this.close(stack.pop() as Frame, findings);
      findings = this.advance(f, c, tag, findings);
      return findings ?? NONE;
    }
    return [{ kind: this.inSet(tag) ? 'out-of-order' : 'not-in-set', tag, loop: this.loopId }];
  }

  /** The set ended (SE placed, or the set was cut short): report what is still missing. */
  finish(): PlacementFinding[] {
    let findings: PlacementFinding[] | undefined;
    while (this.stack.length > 0) findings = this.close(this.stack.pop() as Frame, findings);
    return (findings ?? []).filter((f) => f.tag !== 'SE');
  }

  private inSet(tag: string): boolean {
    let tags = setTags.get(this.def);
    if (!tags) {
      tags = allTags(this.def.body, new Set());
      setTags.set(this.def, tags);
    }
    return tags.has(tag);
  }

  private advance(f: Frame, c: number, tag: string, findings: PlacementFinding[] | undefined) {
    const child = f.node.children[c];
    if (c === f.idx) {
      f.uses++;
      if (f.uses > child.max) {
        const loop = child.kind === 'loop' ? { kind: 'loop-over-max' as const, loop: child.id } : undefined;
        (findings ??= []).push({ kind: 'over-max', tag, loop: f.node.id, ...loop });
      }
    } else {
      findings = this.missingBetween(f, f.idx + 1, c, findings);
      f.idx = c;
      f.uses = 1;
    }
    if (child.kind === 'loop') this.enter(child);
    return findings;
  }

  /** Enter a loop at its trigger (which may itself be a nested loop's trigger). */
  private enter(loop: LoopUse): void {
    this.stack.push({ node: nodeFor(loop), idx: 0, uses: 1 });
    const first = loop.children[0];
    if (first.kind === 'loop') this.enter(first);
  }

  private close(f: Frame, findings: PlacementFinding[] | undefined) {
    return this.missingBetween(f, f.idx + 1, f.node.children.length, findings);
  }

  private missingBetween(f: Frame, from: number, to: number, findings: PlacementFinding[] | undefined) {
    const { children, nextMandatory } = f.node;
    for (let i = nextMandatory[Math.max(from, 0)]; i < to; i = nextMandatory[i + 1]) {
      const child = children[i];
      const tag = child.kind === 'segment' ? child.tag : triggerTag(child);
      (findings ??= []).push({ kind: 'missing', tag, loop: child.kind === 'loop' ? child.id : f.node.id });
    }
    return findings;
  }
}
