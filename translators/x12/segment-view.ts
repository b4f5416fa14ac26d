// A window on one segment of the input text: element boundaries instead of element strings.
// Validation reads characters in place, so a valid segment costs no string allocation; values
// are sliced out only when someone needs them (an error to report, a set kept for mapping).
// The lexer reuses one view for every segment: consumers copy what they keep.

/** Interned 2–3 character tags: id by packed character codes, and tag by id. */
const TAG_IDS = new Map<number, number>();
const TAG_NAMES: string[] = [];
const MAX_TAGS = 4096;

/** Id of the tag text[start, end), interned on first sight (no allocation per segment); -1 when not interned. */
function internTag(text: string, start: number, end: number): number {
  const len = end - start;
  if (len < 2 || len > 3) return -1;
  const key =
    (len << 24) |
    (text.charCodeAt(start) << 16) |
    (text.charCodeAt(start + 1) << 8) |
    (len === 3 ? text.charCodeAt(start + 2) : 0);
  let id = TAG_IDS.get(key);
  if (id === undefined) {
    if (TAG_NAMES.length >= MAX_TAGS) return -1;
    id = TAG_NAMES.push(text.slice(start, end)) - 1;
    TAG_IDS.set(key, id);
  }
  return id;
}

/** The id a view gives segments tagged `tag` (-1: none), for tables indexed by tag. */
export function tagId(tag: string): number {
  return internTag(tag, 0, tag.length);
}

export class SegmentView {
  /** The text holding the segment. */
  text = '';
  /**
   * Start of element i (0 = the tag) in `text`; element i ends one before `starts[i + 1]`, the
   * last one at `endAt`. Public so hot loops read boundaries without a method call per element.
   */
  starts = new Int32Array(64);
  /** Number of elements including the tag. */
  count = 0;
  endAt = 0;
  tag = '';
  /** See `tagId`. */
  tagId = -1;
  /** Set by the lexer: no element holds a character below 32, so validation need not look. */
  controlFree = false;

  /** Point the view at `text[start, end)`, splitting on `separator`. */
  reset(text: string, start: number, end: number, separator: string): this {
    this.text = text;
    this.endAt = end;
    let n = 0;
    let starts = this.starts;
    starts[n++] = start;
    for (let i = text.indexOf(separator, start); i !== -1 && i < end; i = text.indexOf(separator, i + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = this.starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.count = n;
    const tagEnd = n > 1 ? starts[1] - 1 : end;
    const id = internTag(text, start, tagEnd);
    this.tagId = id;
    this.tag = id === -1 ? text.slice(start, tagEnd) : TAG_NAMES[id];
    return this;
  }

  /** Start offset of element i in `text` (i < count). */
  start(i: number): number {
    return this.starts[i];
  }

  /** End offset (exclusive) of element i in `text` (i < count). */
  end(i: number): number {
    return i + 1 < this.count ? this.starts[i + 1] - 1 : this.endAt;
  }

  /** Length of element i; 0 when the segment has fewer elements. */
  length(i: number): number {
    return i < this.count ? this.end(i) - this.starts[i] : 0;
  }

  /** Value of element i; '' when the segment has fewer elements. */
  value(i: number): string {
    return i < this.count ? this.text.slice(this.starts[i], this.end(i)) : '';
  }

  /** All elements as strings: `[tag, e1, e2, …]`. */
  elements(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.value(i);
    return out;
  }
}
