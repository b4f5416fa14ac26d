// Input → expected 997 pairs from other implementations (../shared/corpus/SOURCES.md, "Test
// oracles"): our AK1–AK9 must match theirs, or the difference is listed here with the reason.
import { analyzeX12 } from '../../../translators/x12/analyze';
import { buildAcks } from '../../../translators/x12/ack-builder';
import { corpusFiles, hasCorpus, readCorpus } from './corpus-helper';

/** The AK1…AK9 / TA1 segments of an acknowledgement file, normalised to '*' separators. */
function ackSegments(text: Buffer | string): string[] {
  const out: string[] = [];
  analyzeX12(text, {
    keepSegments: true,
    onSet: (set) => {
      for (const s of set.segments) if (/^(AK[1-9]|IK[345])$/.test(s.tag)) out.push(s.elements.join('*'));
    },
  });
  return out;
}

function ours(input: string, type: '997' | '999' = '997'): { ak: string[]; ta1: string[] } {
  const report = analyzeX12(readCorpus(input));
  const acks = report.interchanges.map((ic) => buildAcks(ic, { type }) ?? '').join('');
  return {
    ak: ackSegments(acks),
    ta1: [...acks.matchAll(/^TA1\*[^~]*/gm)].map((m) => m[0].split('*').slice(4).join('*')),
  };
}

const BOTS: [string, string][] = [
  ['850/bots-plugins__850-004010-06.x12', '997/bots-plugins__997_1.x12'],
  ['850/bots-plugins__850-004010-04.x12', '997/bots-plugins__997_2.x12'],
  ['850/bots-plugins__850-02.x12', '997/bots-plugins__997_3.x12'],
  ['850/bots-plugins__850-004010VICS-01.x12', '997/bots-plugins__997_4.x12'],
  ['850/bots-plugins__850_01.x12', '997/bots-plugins__997_5.x12'],
  ['850/bots-plugins__850-004010-10.x12', '997/bots-plugins__997_7.x12'],
  ['850/bots-plugins__850-004010-12.x12', '997/bots-plugins__997_9.x12'],
  ['850/bots-plugins__850-004010.13.x12', '997/bots-plugins__997_10.x12'],
  ['850/bots-plugins__850-004010-01.x12', '997/bots-plugins__997_14.x12'],
];

(hasCorpus ? describe : describe.skip)('acknowledgement oracles', () => {
  it('the corpus holds the oracle files', () => {
    expect(corpusFiles('997')).toEqual(expect.arrayContaining(BOTS.map(([, ack]) => ack.split('/')[1])));
  });

  it.each(BOTS)('Bots: %s → %s, AK segments equal', (input, expected) => {
    expect(ours(input).ak).toEqual(ackSegments(readCorpus(expected)));
  });

  it('Bots 997_6 accepts 850-004010-02 although its control numbers repeat: Dockside rejects the repeats', () => {
    // 850-004010-02 has two groups with GS06 5, each with two sets ST02 000000001 (and Bots
    // acknowledged a second copy of the file, hence its four 997s). X12 requires ST02 unique
    // within a group (AK502 23) and GS06 unique within an interchange (AK905 19).
    expect(ours('850/bots-plugins__850-004010-02.x12').ak).toEqual([
      'AK1*PO*5', 'AK2*850*000000001', 'AK5*A', 'AK2*850*000000001', 'AK5*R*23', 'AK9*P*2*2*1',
      'AK1*PO*5', 'AK2*850*000000001', 'AK5*R', 'AK2*850*000000001', 'AK5*R*23', 'AK9*R*2*2*0*19',
    ]); // prettier-ignore
    const theirs = ackSegments(readCorpus('997/bots-plugins__997_6.x12'));
    expect(theirs.slice(0, 6)).toEqual([
      'AK1*PO*5',
      'AK2*850*000000001',
      'AK5*A',
      'AK2*850*000000001',
      'AK5*A',
      'AK9*A*2*2*2',
    ]);
  });

  // pyx12's oracles acknowledge health-care sets (837, 835, 278) that Dockside has no schema
  // for: their AK3/AK4 detail cannot match, and our AK5 says "not supported" (1). What must
  // match: one AK1 per group with its code and control, one AK2 per set, and the AK9 counts.
  const PYX12: [string, string][] = [
    ['other/pyx12__mult_isa.txt', '997/pyx12__mult_isa.997.base'],
    ['invalid/pyx12__fail_no_IEA.txt', '997/pyx12__fail_no_IEA.997.base'],
    ['invalid/pyx12__trailer_errors.txt', '997/pyx12__trailer_errors.997.base'],
    ['invalid/pyx12__trailing_terms.txt', '997/pyx12__trailing_terms.997.base'],
    ['invalid/pyx12__simple1.txt', '997/pyx12__simple1.997.base'],
    ['invalid/pyx12__bad_elements.txt', '997/pyx12__bad_elements.997.base'],
  ];
  const envelopeOnly = (segs: string[]) =>
    segs
      .filter((s) => /^AK[129]\*/.test(s))
      .map((s) =>
        s.startsWith('AK9')
          ? s
              .split('*')
              .slice(0, 4)
              .join('*')
              .replace(/^AK9\*[AEPR]/, 'AK9')
          : s,
      );

  it.each(PYX12)('pyx12: %s → %s, AK1/AK2 and AK9 counts equal', (input, expected) => {
    const theirs = ackSegments(readCorpus(expected));
    expect(envelopeOnly(ours(input).ak)).toEqual(envelopeOnly(theirs));
    for (const s of ours(input).ak.filter((a) => a.startsWith('AK5'))) expect(s).toMatch(/^AK5\*R\*1/);
  });

  it('pyx12 TA1s: premature end of file is 023 for both; for trailer errors pyx12 says 018, Dockside 001', () => {
    expect(ours('invalid/pyx12__fail_no_IEA.txt').ta1).toEqual(['R*023']);
    // IEA02 "333" is not 9 digits (pyx12: 018, invalid control number value) and does not
    // match ISA13 (Dockside: 001, header and trailer do not match). A TA1 carries one code;
    // Dockside reports the mismatch, the check a receiver must make whatever the format.
    expect(ours('invalid/pyx12__trailer_errors.txt').ta1).toEqual(['R*001']);
  });

  it('pyx12 999: 834 → 999, AK1 and AK2 (with the implementation references) and AK9 counts equal', () => {
    const theirs = ackSegments(readCorpus('999/pyx12__834_ls_le_ls_5010.999.txt'));
    const mine = ours('other/pyx12__834_ls_le_ls.txt', '999').ak;
    expect(envelopeOnly(mine)).toEqual(envelopeOnly(theirs));
    expect(mine).toContain('AK1*BE*146*005010X220A1');
    expect(mine).toContain('AK2*834*146001*005010X220A1');
    // pyx12 validates 834s (IK5*A); Dockside has no 834 schema: IK5*R*1, not supported.
    expect(theirs).toContain('IK5*A');
    expect(mine).toContain('IK5*R*1');
  });
});
