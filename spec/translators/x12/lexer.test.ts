import { MAX_SEGMENT_LENGTH } from '../../../translators/x12/lexer';
import { lex } from './lex-helper';

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*000000001*0*P*>~';
const BODY =
  'GS*PO*S*R*20240101*1200*1*X*004010~ST*850*0001~BEG*00*SA*PO1**20240101~SE*3*0001~GE*1*1~IEA*1*000000001~';

describe('X12Lexer', () => {
  it('reads delimiters from the ISA and splits segments without altering values', () => {
    const r = lex(ISA + BODY.replace('PO1', ' PO 1 '));
    expect(r.delimiters).toEqual([{ element: '*', component: '>', repetition: undefined, segment: '~' }]);
    expect(r.segments.map((s) => s.elements[0])).toEqual(['ISA', 'GS', 'ST', 'BEG', 'SE', 'GE', 'IEA']);
    expect(r.segments[3].elements).toEqual(['BEG', '00', 'SA', ' PO 1 ', '', '20240101']);
    expect(r.issues).toEqual([]);
  });

  it('gives byte offsets and lines, skipping a BOM and CR/LF after terminators', () => {
    const text = '\xef\xbb\xbf\r\n' + ISA + '\r\n' + BODY.split('~').join('~\r\n');
    const r = lex(text);
    expect(r.segments[0]).toMatchObject({ offset: 5, line: 2 });
    expect(r.segments[1]).toMatchObject({ offset: 5 + ISA.length + 2, line: 3 });
    expect(r.segments[6].line).toBe(8);
  });

  it('reads the same segments whatever the chunking', () => {
    const text = ISA + '\n' + BODY.split('~').join('~\n');
    const whole = lex(text).segments;
    for (const size of [1, 2, 3, 7, 50, 105, 106, 107]) expect(lex(text, size).segments).toEqual(whole);
  });

  it('reads a chunk larger than it decodes at a time as it reads small chunks', () => {
    // The lexer decodes big chunks in 64 KiB pieces: segments cut by a piece read whole, with
    // their offsets and lines.
    const set = 'ST*850*0001~\nBEG*00*SA*PO1**20240101~\nPID*F****' + 'W'.repeat(500) + '~\nSE*4*0001~\n';
    const text =
      ISA + '\nGS*PO*S*R*20240101*1200*1*X*004010~\n' + set.repeat(600) + 'GE*600*1~\nIEA*1*000000001~\n';
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    const whole = lex(text);
    expect(whole.segments).toHaveLength(2 + 4 * 600 + 2);
    expect(lex(text, 1000)).toEqual(whole);
  });

  it('reads text that starts with "ISA" before the header the same whatever the chunking', () => {
    // Found by fuzzing: "ISA" at the very end of a chunk was taken for a header once the next
    // chunk showed '0' as its separator, and the real interchange was lost.
    const text = 'ISA0 note\n' + ISA + '\n' + BODY.split('~').join('~\n');
    const whole = lex(text);
    expect(whole.segments.map((s) => s.elements[0])).toEqual(['ISA', 'GS', 'ST', 'BEG', 'SE', 'GE', 'IEA']);
    for (const size of [1, 3, 4, 5]) {
      expect(lex(text, size).segments).toEqual(whole.segments);
      expect(lex(text, size).issues).toEqual(whole.issues);
    }
    // A BOM cut by the chunking is a BOM too: a file that holds only one is empty.
    for (const size of [1, 2, 3])
      expect(lex('\xef\xbb\xbf', size).issues.map((i) => i.code)).toEqual(['DS_X12_EMPTY_INPUT']);
  });

  it('takes newline as the terminator when it follows ISA16', () => {
    const text = ISA.replace('>~', '>\n') + BODY.split('~').join('\r\n');
    const r = lex(text);
    expect(r.delimiters[0].segment).toBe('\n');
    expect(r.segments.map((s) => s.elements[0])).toEqual(['ISA', 'GS', 'ST', 'BEG', 'SE', 'GE', 'IEA']);
    expect(r.segments[3].elements[5]).toBe('20240101');
  });

  it('reads the repetition separator from ISA11 when ISA12 >= 00402', () => {
    const r = lex(ISA.replace('*U*00401*', '*^*00501*') + BODY);
    expect(r.delimiters[0].repetition).toBe('^');
  });

  it('keeps a multi-byte UTF-8 terminator whole', () => {
    const ellipsis = Buffer.from('…', 'utf8').toString('latin1');
    const r = lex(ISA.replace('~', ellipsis) + BODY.split('~').join(ellipsis + '\n'));
    expect(r.delimiters[0].segment).toBe(ellipsis);
    expect(r.segments).toHaveLength(7);
    expect(r.segments[6].elements).toEqual(['IEA', '1', '000000001']);
  });

  it('reads unpadded ISA fields and hard-wrapped lines', () => {
    const unpadded = 'ISA*00* *00* *ZZ*S *ZZ*R *240101*1200*U*00401*000000001*0*P*>~' + BODY;
    expect(lex(unpadded).segments.map((s) => s.elements[0])).toHaveLength(7);
    const flat = ISA + BODY;
    const wrapped = flat.replace(/(.{80})/g, '$1\n');
    const r = lex(wrapped);
    expect(r.segments.map((s) => s.elements)).toEqual(lex(flat).segments.map((s) => s.elements));
  });

  it('reads several interchanges with different delimiters', () => {
    const second = (ISA + BODY).replace(/\*/g, '|').replace(/~/g, "'").replace('|>', '|:');
    const r = lex(ISA + BODY + '\n' + second);
    expect(r.delimiters.map((d) => d.element + d.segment)).toEqual(['*~', "|'"]);
    expect(r.segments.filter((s) => s.elements[0] === 'IEA')).toHaveLength(2);
  });

  it('reports empty input, no ISA, and data after IEA', () => {
    expect(lex('').issues.map((i) => i.code)).toEqual(['DS_X12_EMPTY_INPUT']);
    expect(lex('  \n').issues.map((i) => i.code)).toEqual(['DS_X12_EMPTY_INPUT']);
    expect(lex('GS*PO*S*R~IEA*1*1~').issues.map((i) => i.code)).toEqual(['DS_X12_NO_ISA']);
    expect(lex(Buffer.from([0, 1, 2, 250, 251])).issues.map((i) => i.code)).toEqual(['DS_X12_NO_ISA']);
    expect(lex(ISA + BODY + 'garbage').issues.map((i) => i.code)).toEqual([
      'DS_X12_DATA_OUTSIDE_INTERCHANGE',
    ]);
  });

  it('rejects an ISA whose terminator is not a delimiter, and a cut ISA', () => {
    const r = lex(ISA.replace('>~', '>') + BODY);
    expect(r.issues.map((i) => i.code)).toEqual(['DS_X12_SEGMENT_TERMINATOR_INVALID']);
    expect(r.aborts).toBe(1);
    expect(lex(ISA.slice(0, 60)).issues.map((i) => i.code)).toEqual(['DS_X12_ISA_TRUNCATED']);
  });

  it('stops at a segment longer than the limit instead of buffering it', () => {
    const huge = 'N1*ST*' + 'A'.repeat(MAX_SEGMENT_LENGTH + 10);
    const r = lex(ISA + 'GS*PO*S*R*20240101*1200*1*X*004010~' + huge + '~IEA*1*000000001~', 65536);
    expect(r.issues.map((i) => i.code)).toContain('DS_X12_SEGMENT_TOO_LONG');
    expect(r.aborts).toBe(1);
  });
});
