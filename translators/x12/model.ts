// The parsed shapes the X12 engine hands to validators, ack builders and canonical maps.

/** The four X12 delimiters of one interchange, read from its ISA. */
export interface Delimiters {
  /** Element separator: ISA position 3. */
  readonly element: string;
  /** Component (sub-element) separator: ISA16. */
  readonly component: string;
  /** Repetition separator: ISA11 when ISA12 >= 00402, else undefined. */
  readonly repetition?: string;
  /** Segment terminator: the character(s) right after ISA16 (one UTF-8 character, as latin1 text). */
  readonly segment: string;
}

/**
 * One segment as read from the input. `elements[0]` is the tag, so `elements[n]` is the
 * element at X12 position n (`BEG03` is `elements[3]`). Values are never trimmed or altered;
 * they are latin1 text (one character per input byte) — decode with `decodeValue` for display.
 */
export interface X12Segment {
  readonly tag: string;
  readonly elements: readonly string[];
  /** Byte offset of the segment's first character in the input. */
  readonly offset: number;
  /** 1-based line of the segment's first character. */
  readonly line: number;
  /** Position in its transaction set counted from ST = 1; 0 outside a set (ISA, GS, GE, IEA). */
  readonly position: number;
}

/** Header facts of an interchange (ISA). */
export interface InterchangeHeader {
  readonly authQualifier: string;
  readonly authInfo: string;
  readonly securityQualifier: string;
  readonly securityInfo: string;
  readonly senderQualifier: string;
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
  readonly date: string;
  readonly time: string;
  /** ISA11: repetition separator (>= 00402) or standards id ('U'). */
  readonly repetitionOrStandard: string;
  readonly version: string;
  readonly control: string;
  readonly ackRequested: string;
  readonly usage: string;
  readonly delimiters: Delimiters;
  readonly offset: number;
}

/** Header facts of a functional group (GS). */
export interface GroupHeader {
  readonly functionalId: string;
  readonly sender: string;
  readonly receiver: string;
  readonly date: string;
  readonly time: string;
  readonly control: string;
  readonly agency: string;
  /** GS08 as sent, e.g. '004010VICS'. */
  readonly version: string;
}

/** A complete transaction set, ST to SE, with its envelope context. */
export interface ParsedSet {
  /** ST01, e.g. '850'. */
  readonly id: string;
  /** ST02. */
  readonly control: string;
  /** Version family the set was validated against ('004010' | '005010'), or GS08 when unsupported. */
  readonly version: string;
  readonly segments: readonly X12Segment[];
  readonly interchange: InterchangeHeader;
  readonly group: GroupHeader;
}

/** Split a composite value into its components (index 0 = first component). */
export function components(value: string, delimiters: Delimiters): string[] {
  return value.split(delimiters.component);
}

const HIGH_BYTE = /[\x80-\xff]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/**
 * Turn a latin1-read value back into text: UTF-8 when its bytes are valid UTF-8, else
 * Windows-1252 (what partners' Windows tools write). Pure ASCII is returned as is.
 */
export function decodeValue(value: string): string {
  if (!HIGH_BYTE.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return cp1252.decode(bytes);
  }
}
