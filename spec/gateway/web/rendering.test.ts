// The console's pure parts: escaping, the raw view's rows and offsets, error explanations,
// and the login redirect target.
import { turnsDuring } from '../support/turns-during';
import { translateX12 } from '../../../translators/x12/translate-x12';
import { explainError } from '../../../gateway/web/explain';
import { html } from '../../../gateway/web/html';
import { rawView, rowOf, visibleRows } from '../../../gateway/web/raw-view';
import { csrfToken, csrfValid, safeNext } from '../../../gateway/web/session';

const ISA = (terminator: string) =>
  `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*000000777*0*P*>${terminator}`;

function po(terminator: string, sep: string, name = 'Störe 12'): string {
  return [
    ISA(terminator),
    `GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*777*X*004010${terminator}`,
    `ST*850*0001${terminator}`,
    `BEG*00*SA*PO-777**2026113${terminator}`,
    `N1*ST*${name}${terminator}`,
    `PO1*1*2*ZZZ*9.99**VN*SKU-1${terminator}`,
    `CTT*1${terminator}`,
    `SE*6*0001${terminator}`,
    `GE*1*777${terminator}`,
    `IEA*1*000000777${terminator}`,
  ].join(sep);
}

describe('html', () => {
  it('escapes every interpolated value, nested markup stays markup', async () => {
    const name = '<script>alert("x")</script>';
    const out = html`<td title="${name}">${name}${html`<b>${"it's"}</b>`}</td>`.text;
    expect(out).toBe(
      '<td title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;<b>it&#39;s</b></td>',
    );
  });
});

describe('rawView', () => {
  it.each([
    ['one line per segment', '~', '\n'],
    ['everything on one line', '~', ''],
    ['CRLF between segments', '~', '\r\n'],
    ['newline as the terminator', '\n', ''],
  ])('splits X12 on its own terminator (%s) and finds the error rows by offset', async (_, term, sep) => {
    const text = po(term, sep);
    const bytes = Buffer.from(text, 'utf8');
    const view = await rawView(bytes);
    expect(view.kind).toBe('x12');
    expect(view.rows.map((r) => r.tag)).toEqual([
      'ISA',
      'GS',
      'ST',
      'BEG',
      'N1',
      'PO1',
      'CTT',
      'SE',
      'GE',
      'IEA',
    ]);
    expect(view.rows[5]).toMatchObject({ n: 6, setPosition: 4, set: '0001', version: '004010' });
    // Offsets are bytes: the ö before PO1 is two.
    for (const r of view.rows)
      expect(bytes.subarray(r.offset, r.offset + 3).toString()).toBe(r.text.slice(0, 3));
    const errors = translateX12(bytes, { fileId: 'f' }).errors;
    const codes = errors.map((e) => [e.code, rowOf(view, e)?.tag]);
    expect(codes).toContainEqual(['DS_X12_ELEMENT_INVALID_CODE', 'PO1']);
    expect(codes).toContainEqual(['DS_X12_ELEMENT_INVALID_DATE', 'BEG']);
  });

  it('reads an unpadded ISA the way the engine does (delimiters counted, not taken at fixed offsets)', async () => {
    const text = po('~', '\n').replace(
      /^ISA.*?~/,
      'ISA*00**00**ZZ*ACME*ZZ*DOCKSIDE*261127*1200*U*00401*000000001*0*P*>~',
    );
    const view = await rawView(Buffer.from(text, 'utf8'));
    expect(view).toMatchObject({ kind: 'x12', terminator: '~', separator: '*' });
    expect(view.rows.map((r) => r.tag).slice(0, 4)).toEqual(['ISA', 'GS', 'ST', 'BEG']);
    const errors = translateX12(Buffer.from(text, 'utf8'), { fileId: 'f' }).errors;
    expect(errors.map((e) => rowOf(view, e)?.tag)).toContain('PO1');
  });

  it('lets the event loop turn while it reads a large X12 file', async () => {
    // Found by review: a 16 MiB file was a second of lexing in one turn.
    const text = po('~', '\n').repeat(40_000);
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const { result: view, turns } = await turnsDuring(() => rawView(Buffer.from(text, 'latin1')));
    expect(view.kind).toBe('x12');
    expect(turns).toBeGreaterThanOrEqual(7);
  });

  it('shows CSV as lines and finds rows by line', async () => {
    const view = await rawView(Buffer.from('a,b\r\n1,2\r\n3,4\r\n'));
    expect(view.kind).toBe('lines');
    expect(view.rows.map((r) => r.text)).toEqual(['a,b', '1,2', '3,4']);
    expect(rowOf(view, { line: 3 })?.text).toBe('3,4');
  });

  it('shows bytes that are not UTF-8 as Latin-1', async () => {
    const view = await rawView(Buffer.from([0x61, 0xe9, 0x0a]));
    expect(view).toMatchObject({ latin1: true, rows: [{ text: 'aé' }] });
  });

  it('keeps the head and the rows around errors of a long file', async () => {
    const view = await rawView(
      Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n')),
    );
    const shown = visibleRows(view.rows, new Set([4000]), { head: 10, context: 2 });
    expect(shown.filter((r) => 'n' in r).map((r) => ('n' in r ? r.n : 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3998, 3999, 4000, 4001, 4002,
    ]);
    expect(shown.filter((r) => 'gap' in r)).toEqual([{ gap: 3987 }, { gap: 998 }]);
  });
});

describe('explainError', () => {
  const errorsOf = (text: string) => translateX12(Buffer.from(text), { fileId: 'f' }).errors;

  it('names the segment, the element and its data element, the value and what was expected', () => {
    const errors = errorsOf(po('~', '\n'));
    const code = errors.find((e) => e.code === 'DS_X12_ELEMENT_INVALID_CODE')!;
    expect(explainError(code, { version: '004010' })).toEqual({
      where:
        'Segment 4 of transaction set 0001 (PO1 Baseline Item Data), element 3 (Unit or Basis for Measurement Code, data element 355)',
      what: "'ZZZ' is not one of the allowed codes",
      expected: 'a code from the X12 code list of data element 355 (855 codes)',
    });
    const date = errors.find((e) => e.code === 'DS_X12_ELEMENT_INVALID_DATE')!;
    expect(explainError(date)).toMatchObject({
      where:
        'Segment 2 of transaction set 0001 (BEG Beginning Segment for Purchase Order), element 5 (Date, data element 373)',
      what: "'2026113' is not a valid date",
      expected: 'a date as CCYYMMDD',
    });
  });

  it('says which codes a cross-reference table knows and how to fix a missing one', () => {
    const x = explainError(
      {
        code: 'DS_MAP_LOOKUP_MISSING',
        message: 'lines.uom: "BOX" has no entry in cross-reference table "units".',
        line: 4,
        row: 4,
        column: 'UOM',
        value: 'BOX',
      },
      { tables: { units: { EACH: 'EA', CASE: 'CS' } } },
    );
    expect(x).toEqual({
      where: 'Line 4, column "UOM" (field lines.uom)',
      what: '"BOX" has no entry in cross-reference table "units"',
      expected: 'one of the codes in crossReference.units: EACH, CASE',
      hint: 'If the code is right, add it to crossReference.units in the partner profile, then reprocess the file.',
    });
  });
});

describe('session helpers', () => {
  it('accepts only local paths after login', () => {
    expect(safeNext('/files?partner=acme')).toBe('/files?partner=acme');
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'files',
      undefined,
      '/a\nb',
    ]) {
      expect(safeNext(bad)).toBe('/');
    }
  });

  it('derives the CSRF token from the session token', () => {
    const t = csrfToken('operator-token-0123456789');
    expect(csrfValid('operator-token-0123456789', t)).toBe(true);
    expect(csrfValid('viewer-token-0123456789ab', t)).toBe(false);
    expect(csrfValid('operator-token-0123456789', undefined)).toBe(false);
  });
});
