// Segment placement in a transaction set: the loop/position state machine that decides, for
// each segment, where in the set's structure it belongs, and which mandatory segments or
// loops were skipped to get there (stupidedi's table/loop model, flattened).
import type { LoopUse, TransactionSetDef, Use } from './schemas/types';

/** A loop (or the set's root) compiled for placement: children plus a tag → child index. */
interface Node {
  readonly id: string;
  readonly children: readonly Use[];
  /** Child indices (ascending) reachable by a segment tag: the segment itself or a loop's trigger. */
  readonly byTag: ReadonlyMap<string, readonly number[]>;
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

function compile(id: string, children: readonly Use[]): Node {
  const byTag = new Map<string, number[]>();
  children.forEach((child, i) => {
    const tag = child.kind === 'segment' ? child.tag : triggerTag(child);
    const list = byTag.get(tag);
    if (list) list.push(i);
    else byTag.set(tag, [i]);
  });
  return { id, children, byTag };
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
   * Place a segment. Returns the findings (empty when the segment is where it may be);
   * on 'out-of-order' / 'not-in-set' the state is left unchanged.
   */
  place(tag: string): PlacementFinding[] {
    const stack = this.stack;
    for (let d = stack.length - 1; d >= 0; d--) {
      const f = stack[d];
      const cands = f.node.byTag.get(tag);
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
      const findings: PlacementFinding[] = [];
      while (stack.length - 1 > d) this.close(stack.pop() as Frame, findings);
      this.advance(f, c, tag, findings);
      return findings;
    }
    return [{ kind: this.inSet(tag) ? 'out-of-order' : 'not-in-set', tag, loop: this.loopId }];
  }

  /** The set ended (SE placed, or the set was cut short): report what is still missing. */
  finish(): PlacementFinding[] {
    const findings: PlacementFinding[] = [];
    while (this.stack.length > 0) this.close(this.stack.pop() as Frame, findings);
    return findings.filter((f) => f.tag !== 'SE');
  }

  private inSet(tag: string): boolean {
    let tags = setTags.get(this.def);
    if (!tags) {
      tags = allTags(this.def.body, new Set());
      setTags.set(this.def, tags);
    }
    return tags.has(tag);
  }

  private advance(f: Frame, c: number, tag: string, findings: PlacementFinding[]): void {
    const child = f.node.children[c];
    if (c === f.idx) {
      f.uses++;
      if (f.uses > child.max) {
        const loop = child.kind === 'loop' ? { kind: 'loop-over-max' as const, loop: child.id } : undefined;
        findings.push({ kind: 'over-max', tag, loop: f.node.id, ...loop });
      }
    } else {
      this.missingBetween(f, f.idx + 1, c, findings);
      f.idx = c;
      f.uses = 1;
    }
    if (child.kind === 'loop') this.enter(child, findings);
  }

  /** Enter a loop at its trigger (which may itself be a nested loop's trigger). */
  private enter(loop: LoopUse, findings: PlacementFinding[]): void {
    const node = nodeFor(loop);
    const frame: Frame = { node, idx: 0, uses: 1 };
    this.stack.push(frame);
    const first = loop.children[0];
    if (first.kind === 'loop') this.enter(first, findings);
  }

  private close(f: Frame, findings: PlacementFinding[]): void {
    this.missingBetween(f, f.idx + 1, f.node.children.length, findings);
  }

  private missingBetween(f: Frame, from: number, to: number, findings: PlacementFinding[]): void {
    const children = f.node.children;
    for (let i = Math.max(from, 0); i < to; i++) {
      const child = children[i];
      if (child.req !== 'M') continue;
      const tag = child.kind === 'segment' ? child.tag : triggerTag(child);
      findings.push({ kind: 'missing', tag, loop: child.kind === 'loop' ? child.id : f.node.id });
    }
  }
}
