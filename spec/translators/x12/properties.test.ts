import fc from 'fast-check';
import { analyzeX12 } from '../../../translators/x12/analyze';
import { buildAcks } from '../../../translators/x12/ack-builder';
import { writeSegments, SegmentOut } from '../../../translators/x12/writer';
import { lex } from './lex-helper';
import { miniSchema } from './mini-schema';

// Delimiter candidates: printable non-alphanumerics, plus the control characters partners use.
const POOL = [
  '*',
  '|',
  '~',
  '^',
  '>',
  ':',
  '!',
  '@',
  '+',
  "'",
  '`',
  '{',
  '}',
  '$',
  '\x1d',
  '\x1c',
  '\x1f',
  '\x15',
  '\x7f',
];
const delimiterSets = fc
  .shuffledSubarray(POOL, { minLength: 4, maxLength: 4 })
  .map(([element, component, repetition, segment]) => ({ element, component, repetition, segment }));

const value = fc.stringMatching(/^[A-Za-z0-9 .,#&()/-]{0,12}$/);
const tag = fc.constantFrom('BEG', 'REF', 'N1', 'N3', 'N4', 'PO1', 'PID', 'DTM', 'CTT', 'TD5', 'SAC');
const segment = fc.tuple(tag, fc.array(value, { minLength: 1, maxLength: 8 })).map(([t, els]) => {
  while (els.length > 1 && els[els.length - 1] === '') els.pop();
  if (els[els.length - 1] === '') els[els.length - 1] = 'X';
  return [t, ...els] as string[];
});

function interchange(
  body: string[][],
  d: { element: string; component: string; repetition: string; segment: string },
  suffix: string,
) {
  const segs: SegmentOut[] = [
    [
      'ISA',
      '00',
      '          ',
      '00',
      '          ',
      'ZZ',
      'SENDER         ',
      'ZZ',
      'RECEIVER       ',
      '240101',
      '1200',
      d.repetition,
      '00501',
      '000000001',
      '0',
      'P',
      d.component,
    ],
    ['GS', 'PO', 'S', 'R', '20240101', '1200', '1', 'X', '005010'],
    ['ST', '850', '0001'],
    ...(body as unknown as SegmentOut[]),
    ['SE', String(body.length + 2), '0001'],
    ['GE', '1', '1'],
    ['IEA', '1', '000000001'],
  ];
  return writeSegments(segs, { ...d, suffix });
}

describe('properties', () => {
  it('an interchange re-serialised with any legal delimiters reads back to the same segments', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 20 }),
        delimiterSets,
        delimiterSets,
        fc.constantFrom('', '\n', '\r\n'),
        fc.integer({ min: 1, max: 64 }),
        (body, d1, d2, suffix, chunk) => {
          const a = lex(interchange(body, d1, suffix), chunk);
          const b = lex(interchange(body, d2, '\n'));
          const strip = (r: typeof a) => r.segments.slice(1).map((s) => s.elements);
          expect(a.issues).toEqual([]);
          expect(strip(a)).toEqual(strip(b));
          expect(strip(a).slice(2, 2 + body.length)).toEqual(body);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random mutations never make the reader or the ack builder throw', () => {
    const base = Buffer.from(
      interchange(
        [
          ['BEG', '00', 'SA', 'PO1', '', '20240101'],
          ['N1', 'ST', 'STORE'],
          ['PO1', '1', '2', 'EA', '3.50'],
          ['CTT', '1'],
        ],
        { element: '*', component: '>', repetition: '^', segment: '~' },
        '\n',
      ),
      'latin1',
    );
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('delete'), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('insert'), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
      fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let buf = Buffer.from(base);
        for (const m of mutations) {
          const at = m.at % (buf.length + 1);
          if (m.kind === 'flip' && buf.length > 0) buf[at % buf.length] = m.byte;
          if (m.kind === 'delete') buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.len)]);
          if (m.kind === 'insert')
            buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]);
          if (m.kind === 'truncate') buf = buf.subarray(0, at);
        }
        const report = analyzeX12(buf, { schemas: () => miniSchema });
        for (const ic of report.interchanges) buildAcks(ic);
        expect(report.interchanges.length + report.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
