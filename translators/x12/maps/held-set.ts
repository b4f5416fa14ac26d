// A transaction set held until its interchange's verdict, in as few objects as possible: where
// its segments are in the input text the reader read them from (or, when they came from more
// than one text, their text joined), as numbers in one array. Held sets outlive many young-
// generation collections (an interchange can carry hundreds of sets); as segment objects and
// element strings, or as mapped data, each set would be hundreds of objects for the collector
// to copy again and again, which cost more than mapping them.
import type { X12Segment } from '../model';
import type { SetSegmentSink } from '../reader';
import { SegmentView } from '../segment-view';
import type { SegmentSource, SetDataBuilder } from './common';

/** Numbers kept per segment: offset, line, position (ST = 1), start and length in the held text. */
const MARKS = 5;

/** Records a set's segments as the reader passes them (ST to SE); `hold` then gives the set. */
export class SetRecorder implements SetSegmentSink {
  /** The text the set's segments are read from, while they all come from one (the usual case). */
  private base: string | undefined;
  /** Otherwise (the set spans input chunks, or a segment was unwrapped), each segment's text. */
  private pieces: string[] | undefined;
  private length = 0;
  private readonly marks: number[] = [];

  /** @param record false for a set nothing will map: its segments are neither kept nor recorded. */
  constructor(private readonly record: boolean) {}

  segment(view: SegmentView, offset: number, line: number, position: number): void {
    if (!this.record) return;
    const start = view.start(0);
    const length = view.endAt - start;
    if (this.pieces === undefined) {
      this.base ??= view.text;
      if (view.text === this.base) {
        this.marks.push(offset, line, position, start, length);
        return;
      }
      this.toPieces();
    }
    (this.pieces as string[]).push(view.text.slice(start, view.endAt));
    this.marks.push(offset, line, position, this.length, length);
    this.length += length;
  }

  /** Copy what was read from `base` into pieces, each segment's start now in their join. */
  private toPieces(): void {
    const base = this.base as string;
    const marks = this.marks;
    this.pieces = [];
    for (let i = 0; i < marks.length; i += MARKS) {
      this.pieces.push(base.slice(marks[i + 3], marks[i + 3] + marks[i + 4]));
      marks[i + 3] = this.length;
      this.length += marks[i + 4];
    }
    this.base = undefined;
  }

  /** The recorded set; `element` is the interchange's element separator. */
  hold(element: string): HeldSet {
    const marks = this.marks;
    if (this.pieces !== undefined || this.base === undefined) {
      return new HeldSet(this.pieces?.join('') ?? '', marks, element);
    }
    // The input text itself, not a slice of it: a sliced string costs an indirection on every
    // character read. It is the input chunk the reader holds anyway, kept until the verdict.
    const text = this.base;
    return new HeldSet(text, marks, element);
  }
}

/** A recorded set, replayed into a map when its data is wanted. */
export class HeldSet {
  constructor(
    /** Holds the segments' text. */
    readonly text: string,
    /** Per segment: offset, line, position (ST = 1), start and length in `text`. */
    readonly marks: readonly number[],
    /** The interchange's element separator. */
    readonly element: string,
  ) {}

  /** Feed the set's segments to `builder` (as the reader did), then finish it. */
  replay<T extends object>(builder: SetDataBuilder<T>): T {
    const view = replayView;
    const source = replaySource;
    const marks = this.marks;
    for (let i = 0; i < marks.length; i += MARKS) {
      const p = marks[i + 3];
      const end = p + marks[i + 4];
      view.reset(this.text, p, end, this.element);
      source.view = view;
      source.offset = marks[i];
      source.line = marks[i + 1];
      source.position = marks[i + 2];
      source.made = undefined;
      builder.segment(view.tag, source);
    }
    return builder.finish();
  }
}

/** The segment under a view, made into an `X12Segment` only when a map asks for it. */
class ViewSource implements SegmentSource {
  view: SegmentView | undefined;
  offset = 0;
  line = 0;
  position = 0;
  made: X12Segment | undefined;

  segment(): X12Segment {
    if (this.made) return this.made;
    const view = this.view as SegmentView;
    this.made = {
      tag: view.tag,
      elements: view.elements(),
      offset: this.offset,
      line: this.line,
      position: this.position,
    };
    return this.made;
  }
}

// Replay is synchronous and never nested: one view and source serve every replay.
const replayView = new SegmentView();
const replaySource = new ViewSource();
