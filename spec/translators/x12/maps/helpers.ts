// A tiny X12 reader for map tests: splits by the delimiters of the first ISA and builds
// ParsedSets. No validation — the engine's reader does that; maps only need the shapes.
import type {
  Delimiters,
  GroupHeader,
  InterchangeHeader,
  ParsedSet,
  X12Segment,
} from '../../../../translators/x12/model';
import { groupHeader, interchangeHeader } from '../../../../translators/x12/envelope-checks';

/** Every transaction set in `input` (latin1-read, as the engine reads bytes). */
export function parseSets(input: string | Buffer): ParsedSet[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const start = text.indexOf('ISA');
  const element = text[start + 3];
  const isa = text.slice(start, start + 106).split(element);
  const delimiters: Delimiters = {
    element,
    component: text[start + 104],
    repetition: isa[12] >= '00402' ? isa[11] : undefined,
    segment: text[start + 105],
  };
  const sets: ParsedSet[] = [];
  let interchange: InterchangeHeader | undefined;
  let group: GroupHeader | undefined;
  let current: X12Segment[] | undefined;
  let offset = start;
  for (const raw of text.slice(start).split(delimiters.segment)) {
    // Line breaks, indentation and NAK (0x15) after a terminator are not part of the next segment.
    let lead = 0;
    while (lead < raw.length && raw.charCodeAt(lead) <= 0x20) lead++;
    const body = raw.slice(lead);
    const at = offset + lead;
    offset += raw.length + delimiters.segment.length;
    if (body.trim() === '') continue;
    const elements = body.split(element);
    const tag = elements[0];
    const segment: X12Segment = {
      tag,
      elements,
      offset: at,
      line: text.slice(0, at).split('\n').length,
      position: current ? current.length + 1 : tag === 'ST' ? 1 : 0,
    };
    if (tag === 'ISA') interchange = interchangeHeader(elements, delimiters, at);
    else if (tag === 'GS') group = groupHeader(elements);
    else if (tag === 'ST') current = [segment];
    else if (current) {
      current.push(segment);
      if (tag === 'SE') {
        sets.push({
          id: current[0].elements[1],
          control: current[0].elements[2],
          version: group!.version.slice(0, 6),
          segments: current,
          interchange: interchange!,
          group: group!,
        });
        current = undefined;
      }
    }
  }
  return sets;
}

/** Every segment of `input` with the given tag (e.g. TA1), with its interchange header. */
export function parseSegments(
  input: string | Buffer,
  tag: string,
): { segment: X12Segment; interchange: InterchangeHeader }[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const start = text.indexOf('ISA');
  const element = text[start + 3];
  const terminator = text[start + 105];
  const out: { segment: X12Segment; interchange: InterchangeHeader }[] = [];
  let interchange: InterchangeHeader | undefined;
  for (const raw of text.slice(start).split(terminator)) {
    const elements = raw.replace(/^\s+/, '').split(element);
    if (elements[0] === 'ISA') {
      interchange = interchangeHeader(
        elements,
        { element, component: text[start + 104], segment: terminator },
        0,
      );
    } else if (elements[0] === tag && interchange) {
      out.push({ segment: { tag, elements, offset: 0, line: 0, position: 0 }, interchange });
    }
  }
  return out;
}

/** One set from segment lines, 'ST*850*0001' first, wrapped in a default ISA/GS and SE. */
export function setOf(
  body: string,
  options: { gsDate?: string; gsTime?: string; version?: string } = {},
): ParsedSet {
  const segments = body.trim().split(/\n\s*/);
  const version = options.version ?? '004010';
  const text = [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260102*0304*U*00401*000000001*0*P*>',
    `GS*PO*SENDER*RECEIVER*${options.gsDate ?? '20260102'}*${options.gsTime ?? '0304'}*1*X*${version}`,
    ...segments,
    `SE*${segments.length + 1}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ].join('~\n');
  return parseSets(text)[0];
}
