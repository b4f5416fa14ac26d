// Maps a field path (as zod reports it) to a line:column in the YAML source.
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from 'yaml';

/** A 1-based position in a source file. */
export interface SourcePos {
  line: number;
  column: number;
}

/** A field path: map keys and list indexes, as in a zod issue. */
export type FieldPath = ReadonlyArray<PropertyKey>;

interface Step {
  node: Node | null;
  // Where an error about this node points: the key for a map value (`port: x` points at `port`), since
  // that is the line a reader scans for; the node itself for list items and the root.
  at: number;
}

/** Finds YAML nodes by field path and reports their positions. */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /**
   * Position of the node at `path`. When the path does not exist (a missing key), the position of its
   * deepest existing ancestor: the map that should hold the key.
   */
  locate(path: FieldPath): SourcePos {
    const steps = this.walk(path);
    return this.pos(steps[steps.length - 1].at);
  }

  /** The source text of the scalar at `path` (`01` for `qualifier: 01`), when there is one. */
  sourceOf(path: FieldPath): string | undefined {
    const steps = this.walk(path);
    if (steps.length !== path.length + 1) return undefined;
    const node = steps[steps.length - 1].node;
    if (!isScalar(node) || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]).trim();
  }

  private walk(path: FieldPath): Step[] {
    const root = this.doc.contents as Node | null;
    const steps: Step[] = [{ node: root, at: root?.range?.[0] ?? 0 }];
    let node = root;
    for (const segment of path) {
      let next: Step | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
        if (pair) {
          const key = pair.key as Node | null;
          const value = (pair.value as Node | null) ?? null;
          next = { node: value, at: key?.range?.[0] ?? value?.range?.[0] ?? 0 };
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item) next = { node: item, at: item.range?.[0] ?? 0 };
      }
      if (!next) break;
      steps.push(next);
      node = next.node;
    }
    return steps;
  }

  private pos(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
