// Value transforms: dates checked against the calendar, money never through a float.
import fc from 'fast-check';
import {
  applyTransforms,
  parseDateTime,
  parseDecimal,
  parseQuantity,
} from '../../../translators/mapping/transforms';

const value = (r: ReturnType<typeof parseDecimal>) => (r.ok ? r.value : r.code);

describe('transforms', () => {
  it.each([
    ['24/11/2026', 'DD/MM/YYYY', '2026-11-24'],
    ['11/24/2026', 'MM/DD/YYYY', '2026-11-24'],
    ['20261124', 'YYYYMMDD', '2026-11-24'],
    ['24-11-2026', 'DD-MM-YYYY', '2026-11-24'],
    ['4/7/26', 'M/D/YY', '2026-04-07'],
    ['29/02/2024', 'DD/MM/YYYY', '2024-02-29'],
    [' 2026-11-24 ', 'YYYY-MM-DD', '2026-11-24'],
  ])('date %s as %s is %s', (text, format, expected) => {
    expect(value(parseDateTime(text, format, 'date'))).toBe(expected);
  });

  it.each([
    ['29/02/2026', 'DD/MM/YYYY'],
    ['31/04/2026', 'DD/MM/YYYY'],
    ['11/24/2026', 'DD/MM/YYYY'],
    ['2026-11-24', 'YYYYMMDD'],
    ['', 'YYYYMMDD'],
    ['00/01/2026', 'DD/MM/YYYY'],
  ])('date %s as %s is refused', (text, format) => {
    expect(value(parseDateTime(text, format, 'date'))).toBe('DS_MAP_DATE_INVALID');
  });

  it('parses times and date-times', () => {
    expect(value(parseDateTime('1432', 'HHmm', 'time'))).toBe('14:32');
    expect(value(parseDateTime('14:32:09', 'HH:mm:ss', 'time'))).toBe('14:32:09');
    expect(value(parseDateTime('24:00', 'HH:mm', 'time'))).toBe('DS_MAP_DATE_INVALID');
    expect(value(parseDateTime('20261124 061502', 'YYYYMMDD HHmmss', 'datetime', '-05:00'))).toBe(
      '2026-11-24T06:15:02-05:00',
    );
    expect(value(parseDateTime('2026-11-24 06:15', 'YYYY-MM-DD HH:mm', 'datetime'))).toBe(
      '2026-11-24T06:15:00Z',
    );
  });

  it.each([
    ['12.5', 2, false, '12.50'],
    ['1,234.5', 2, false, '1234.50'],
    ['1.234,50', 2, true, '1234.50'],
    ['-0.10', 2, false, '-0.10'],
    ['7', 0, false, '7'],
    ['15-', 2, false, '-15.00'],
    ['-0', 2, false, '0.00'],
    ['0012.300', 2, false, '12.30'],
    ['12.345', 2, false, 'DS_MAP_DECIMAL_INVALID'],
    ['1,5', 2, false, 'DS_MAP_DECIMAL_INVALID'],
    ['$12', 2, false, 'DS_MAP_DECIMAL_INVALID'],
    ['1e3', 2, false, 'DS_MAP_DECIMAL_INVALID'],
    ['', 2, false, 'DS_MAP_DECIMAL_INVALID'],
  ])('decimal %s (scale %d, comma %s) is %s', (text, scale, comma, expected) => {
    expect(value(parseDecimal(text, scale, comma))).toBe(expected);
  });

  it('keeps every digit of large amounts (no float on the way)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (cents) => {
        const abs = cents < 0n ? -cents : cents;
        const text = `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
        expect(value(parseDecimal(text, 2, false))).toBe(text === '-0.00' ? '0.00' : text);
      }),
    );
  });

  it('parses quantities as numbers and refuses non-numbers', () => {
    expect(value(parseQuantity('48', {}))).toBe(48);
    expect(value(parseQuantity('-3', {}))).toBe(-3);
    expect(value(parseQuantity('12,5', { comma: true }))).toBe(12.5);
    expect(value(parseQuantity('12 pcs', {}))).toBe('DS_MAP_NUMBER_INVALID');
    expect(value(parseQuantity('2.5', { integer: true }))).toBe('DS_MAP_NUMBER_INVALID');
    expect(value(parseQuantity('-0', {}))).toBe(0);
    expect(Object.is((parseQuantity('-0', {}) as { value: number }).value, -0)).toBe(false);
    // More digits than a double keeps: refused, never rounded.
    expect(value(parseQuantity('9007199254740993', {}))).toBe('DS_MAP_NUMBER_INVALID');
    expect(value(parseQuantity('1.0000000000000001', { integer: true }))).toBe('DS_MAP_NUMBER_INVALID');
    expect(value(parseQuantity('1,000,000,000,000.5', {}))).toBe(1000000000000.5);
  });

  it('applies a list in order, with lookups on own keys only', () => {
    const tables = { units: { EA: 'EA', EACH: 'EA' } };
    expect(applyTransforms(' each ', ['trim', 'upper', { lookup: 'units' }], tables)).toEqual({
      ok: true,
      value: 'EA',
    });
    expect(applyTransforms('constructor', [{ lookup: 'units' }], tables)).toMatchObject({
      ok: false,
      code: 'DS_MAP_LOOKUP_MISSING',
    });
    expect(applyTransforms('EA', [{ lookup: 'nope' }], tables)).toMatchObject({
      ok: false,
      code: 'DS_MAP_LOOKUP_TABLE_MISSING',
    });
    expect(applyTransforms('MiXed', ['lower'], {})).toEqual({ ok: true, value: 'mixed' });
  });
});
