// The shared corpus: every valid file parses and validates its envelope; every invalid file is
// rejected with the right code; nothing throws. Skips cleanly when ../shared/corpus is absent.
import { analyzeX12 } from '../../../translators/x12/analyze';
import { buildAcks } from '../../../translators/x12/ack-builder';
import { allCodes, corpusFiles, hasCorpus, readCorpus } from './corpus-helper';

const VALID = ['850', '856', '810', '997', '999', 'other'];
const EBCDIC = 'other/bots-plugins__ebcdic.x12';

/**
 * Files from the valid folders whose data breaks the X12 standard. Each is listed with the
 * findings Dockside reports, checked here, and why the finding is right.
 */
const DATA_FAULTS: Record<string, { codes: string[]; why: string }> = {
  '810/bots-plugins__810_3.x12': {
    codes: ['DS_X12_ELEMENT_CONDITIONAL_MISSING'],
    why: 'IT1 has IT102 quantity without IT104 unit price (IT1 syntax note P0203 / C0302 pairing)',
  },
  '810/oopfactory__Example3_MultiInvoice.txt': {
    codes: ['DS_X12_SEGMENT_MISSING', 'DS_X12_SEGMENT_OUT_OF_ORDER'],
    why: 'ISS before TDS; 004010 810 puts TDS first in the summary table',
  },
  '810/oopfactory__Example5_Walmart.txt': {
    codes: ['DS_X12_SEGMENT_MISSING', 'DS_X12_SEGMENT_OUT_OF_ORDER'],
    why: 'ISS before TDS, as above',
  },
  '810/staedi__invoice810_po850_dual.edi': {
    codes: ['DS_X12_GROUP_VERSION_UNSUPPORTED', 'DS_X12_SET_NOT_SUPPORTED'],
    why: 'second group is 003010: only 004010 and 005010 families are supported (AK905 2, AK502 1)',
  },
  '850/bots-plugins__850-004010-02.x12': {
    codes: ['DS_X12_ST_CONTROL_DUPLICATE', 'DS_X12_GS_CONTROL_DUPLICATE'],
    why: 'two sets with ST02 000000001 in one group, and GS06 5 twice in one interchange',
  },
  '850/bots-plugins__850-004010-08.x12': {
    codes: ['DS_X12_ELEMENT_CONDITIONAL_MISSING'],
    why: 'DTM*037*19980205***19: DTM05 (century, a pre-004010 usage) without DTM06 breaks P0506',
  },
  '850/bots-plugins__850-004010.16.x12': {
    codes: ['DS_X12_ELEMENT_CONDITIONAL_MISSING'],
    why: 'same DTM as 850-004010-08',
  },
  '850/edifabric__PurchaseOrderCSV.txt': {
    codes: ['DS_X12_ELEMENT_INVALID_CODE'],
    why: 'BEG02 "02" is not a purchase order type code (element 92)',
  },
  '850/gozer__po850.txt': {
    codes: ['DS_X12_SE_COUNT_MISMATCH'],
    why: 'SE01 says 33 segments, the set has 21',
  },
  '850/nodex12__850_fat.edi': {
    codes: ['DS_X12_ISA_CONTROL_DUPLICATE'],
    why: 'the same interchange twice: the second ISA13 repeats the first (TA105 025)',
  },
  '856/edifabric__ShipNotice.txt': {
    codes: ['DS_X12_GE_SET_COUNT_MISMATCH', 'DS_X12_ELEMENT_INVALID_DATE'],
    why: 'GE01 2 with one set; DTM02 "200" is not a date',
  },
  '856/gozer__asn856.txt': {
    codes: ['DS_X12_ISA_IEA_CONTROL_MISMATCH'],
    why: 'IEA02 000000049 does not match ISA13',
  },
  '856/oopfactory__856_Example4.txt': {
    codes: ['DS_X12_ELEMENT_TOO_LONG'],
    why: 'N402 "LOCSTATE" is a placeholder, not a 2-character state code',
  },
  '997/staedi__empty997.edi': {
    codes: ['DS_X12_SEGMENT_MISSING'],
    why: 'ST/SE only: AK1 and AK9 are mandatory',
  },
  '997/staedi__extraDelimiter997.edi': {
    codes: ['DS_X12_ELEMENT_INVALID_CHARACTER'],
    why: 'repeats AK302/AK304 with ISA11 "^"; neither element repeats, so the values are not numbers',
  },
  '999/oopfactory__DHS_Wisconsin_Sample.txt': {
    codes: ['DS_X12_ELEMENT_TOO_SHORT'],
    why: 'AK202 "002" is shorter than the 4-character minimum of ST02',
  },
  'other/bots-plugins__mailbag01.x12': {
    codes: ['DS_X12_ST_CONTROL_DUPLICATE', 'DS_X12_GS_CONTROL_DUPLICATE'],
    why: 'contains 850-004010-02 (duplicate control numbers)',
  },
  'other/edifabric__WarehouseShippingAdvice.txt': {
    codes: ['DS_X12_GE_SET_COUNT_MISMATCH'],
    why: 'GE01 2 with one set',
  },
  'other/gozer__x12.base.txt': {
    codes: ['DS_X12_ST_ID_INVALID', 'DS_X12_SE_COUNT_MISMATCH'],
    why: 'synthetic set ids AAA/BBB/YYZ and SE01 1',
  },
  'other/gozer__x12.base.no.line.breaks.empty.line.txt': {
    codes: ['DS_X12_ST_ID_INVALID'],
    why: 'as gozer__x12.base.txt',
  },
  'other/gozer__x12.base.no.line.breaks.odd.char.txt': {
    codes: ['DS_X12_ST_ID_INVALID'],
    why: 'as gozer__x12.base.txt',
  },
  'other/omniparser__2_ups_edi_210.input.txt': {
    codes: ['DS_X12_SE_COUNT_MISMATCH'],
    why: 'SE01 46 on a 48-segment set',
  },
  'other/oopfactory__940_simplot.txt': {
    codes: ['DS_X12_ISA_IEA_CONTROL_MISMATCH', 'DS_X12_GS_GE_CONTROL_MISMATCH'],
    why: 'IEA02 and GE02 do not match their headers',
  },
  'other/oopfactory__945_inter-americanproducts.txt': {
    codes: ['DS_X12_GS_INVALID'],
    why: 'GS has extra elements (malformed)',
  },
  'other/stupidedi__split.edi': {
    codes: ['DS_X12_GE_SET_COUNT_MISMATCH', 'DS_X12_IEA_GROUP_COUNT_MISMATCH'],
    why: 'notes file with bad GE/IEA counts',
  },
  'other/vscode-edi-x12__odd-separator.edi': {
    codes: ['DS_X12_IEA_MISSING', 'DS_X12_SE_MISSING'],
    why: 'a snippet: the set, group and interchange are never closed',
  },
};

/** Invalid files and the codes they must be rejected with. */
const INVALID: Record<string, string[]> = {
  'edifabric__CorruptIsa.txt': ['DS_X12_NO_ISA'],
  'edifabric__CorruptSt.txt': ['DS_X12_CONTROL_STRUCTURE_INVALID'],
  'edifabric__DuplicateInterchange.txt': ['DS_X12_ISA_CONTROL_DUPLICATE'],
  'edifabric__PurchaseOrderInvalid.txt': ['DS_X12_ELEMENT_INVALID_CODE'],
  'gozer__x12.missing.ISA.txt': ['DS_X12_NO_ISA'],
  'gozer__x12.no.line.break.no.delim.txt': ['DS_X12_SEGMENT_TERMINATOR_INVALID'],
  'gozer__x12.wrong.GS.txt': ['DS_X12_GS_INVALID'],
  'gozer__x12.wrong.ISA.txt': ['DS_X12_NO_ISA'],
  // 837 (health care) is not a Dockside set: rejected as not supported (AK502 1).
  'pyx12__bad_elements.txt': ['DS_X12_SET_NOT_SUPPORTED', 'DS_X12_SE_COUNT_MISMATCH'],
  'pyx12__fail_no_IEA.txt': ['DS_X12_IEA_MISSING', 'DS_X12_SE_COUNT_MISMATCH'],
  'pyx12__simple1.txt': ['DS_X12_SET_NOT_SUPPORTED'],
  'pyx12__trailer_errors.txt': [
    'DS_X12_ISA_IEA_CONTROL_MISMATCH',
    'DS_X12_GS_GE_CONTROL_MISMATCH',
    'DS_X12_SE_COUNT_MISMATCH',
  ],
  'pyx12__trailing_terms.txt': ['DS_X12_SET_NOT_SUPPORTED'],
  'staedi__invalid997.edi': ['DS_X12_ELEMENT_INVALID_CODE', 'DS_X12_ELEMENT_INVALID_CHARACTER'],
  'staedi__invalid997_min.edi': [
    'DS_X12_GS_INVALID',
    'DS_X12_ELEMENT_INVALID_CODE',
    'DS_X12_GS_GE_CONTROL_MISMATCH',
  ],
  'staedi__invalid999.edi': ['DS_X12_SEGMENT_OUT_OF_ORDER', 'DS_X12_ELEMENT_TOO_MANY'],
  'stupidedi__002001_SH856_fail_1.edi': ['DS_X12_GROUP_VERSION_UNSUPPORTED'],
  'stupidedi__003010_PO850_fail_1.edi': ['DS_X12_GROUP_VERSION_UNSUPPORTED'],
  'stupidedi__003050_PO850_fail_1.edi': ['DS_X12_GROUP_VERSION_UNSUPPORTED'],
  'stupidedi__004010_SH856_fail_2.edi': ['DS_X12_ELEMENT_TOO_LONG', 'DS_X12_SE_COUNT_MISMATCH'],
  'vscode-edi-x12__bad-header.edi': ['DS_X12_ISA_SENDER_ID_INVALID', 'DS_X12_ISA_CONTROL_INVALID'],
};

const BUSINESS = new Set(['850', '856', '810']);

(hasCorpus ? describe : describe.skip)('shared corpus', () => {
  const valid = VALID.flatMap((dir) => corpusFiles(dir).map((f) => `${dir}/${f}`)).filter(
    (p) => p !== EBCDIC,
  );

  it('has the files this test expects', () => {
    expect(valid.length).toBeGreaterThan(90);
    expect(corpusFiles('invalid').sort()).toEqual(Object.keys(INVALID).sort());
    for (const path of Object.keys(DATA_FAULTS)) expect(valid).toContain(path);
  });

  it.each(valid)('%s parses and its envelope validates', (path) => {
    const report = analyzeX12(readCorpus(path));
    expect(report.issues).toEqual([]);
    expect(report.interchanges.length).toBeGreaterThan(0);
    for (const ic of report.interchanges) expect(() => buildAcks(ic)).not.toThrow();
    const fault = DATA_FAULTS[path];
    const codes = allCodes(report);
    if (fault) {
      for (const code of fault.codes) expect(codes).toContain(code);
      return;
    }
    for (const ic of report.interchanges) expect(ic.status).not.toBe('R');
    // Business documents of the supported versions validate against the full schemas.
    const dir = path.split('/')[0];
    if (BUSINESS.has(dir) || dir === '997' || dir === '999') {
      for (const ic of report.interchanges)
        for (const g of ic.groups) {
          expect(g.issues).toEqual([]);
          for (const s of g.sets) expect(s.issues).toEqual([]);
        }
    } else {
      // Other set types: the envelope is sound; sets we have no schema for are "not supported".
      const unexpected = codes.filter(
        (c) =>
          !['DS_X12_SET_NOT_SUPPORTED', 'DS_X12_GROUP_VERSION_UNSUPPORTED'].includes(c) &&
          !c.startsWith('DS_X12_ISA_'),
      );
      expect(unexpected).toEqual([]);
    }
  });

  it.each(corpusFiles('invalid'))('invalid/%s is rejected with its code, without throwing', (name) => {
    const report = analyzeX12(readCorpus(`invalid/${name}`));
    const codes = allCodes(report);
    for (const code of INVALID[name]) expect(codes).toContain(code);
    const rejected =
      report.issues.length > 0 ||
      report.interchanges.some((ic) => ic.status === 'R' || ic.groups.some((g) => g.status !== 'A'));
    expect(rejected).toBe(true);
    for (const ic of report.interchanges) expect(() => buildAcks(ic)).not.toThrow();
  });

  it('reports the EBCDIC sample (not ASCII) as having no ISA, without crashing', () => {
    expect(allCodes(analyzeX12(readCorpus(EBCDIC)))).toEqual(['DS_X12_NO_ISA']);
  });
});
