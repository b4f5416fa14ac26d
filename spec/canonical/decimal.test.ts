import fc from 'fast-check';
import {
  INVALID_DECIMAL,
  impliedDecimal,
  normalizeDecimal,
  parseQuantity,
  sumDecimals,
} from '../../canonical/decimal';
import { DocksideError } from '../../canonical/errors';

describe('impliedDecimal', () => {
  it.each([
    ['96000', 2, '960.00'],
    ['-150', 2, '-1.50'],
    ['5', 2, '0.05'],
    ['0', 2, '0.00'],
    ['-0', 2, '0.00'],
    ['+1234', 2, '12.34'],
    ['0012', 0, '12'],
    ['123456789012345678901234567890', 2, '1234567890123456789012345678.90'],
  ])('%s with %i implied places is %s', (value, scale, expected) => {
    expect(impliedDecimal(value, scale)).toBe(expected);
  });

  it('equals BigInt arithmetic for any integer string', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.integer({ min: 0, max: 6 }), (n, scale) => {
        const result = impliedDecimal(n.toString(), scale);
        const [whole, fraction = ''] = result.replace('-', '').split('.');
        const units = BigInt(whole + fraction) * (result.startsWith('-') ? -1n : 1n);
        return units === n && fraction.length === scale;
      }),
    );
  });

  it.each(['', '12.5', 'abc', '1e3', ' 12', '--1'])('rejects %p with a typed error', (value) => {
    expect(() => impliedDecimal(value, 2)).toThrow(DocksideError);
    try {
      impliedDecimal(value, 2);
    } catch (e) {
      expect((e as DocksideError).code).toBe(INVALID_DECIMAL);
      expect((e as DocksideError).context).toEqual({ value });
    }
  });
});

describe('normalizeDecimal', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['.5', '0.50'],
    ['-.5', '-0.50'],
    ['3.', '3.00'],
    ['007', '7.00'],
    ['1.125', '1.125'],
    ['-0.00', '0.00'],
    ['+2', '2.00'],
  ])('%s → %s', (value, expected) => {
    expect(normalizeDecimal(value)).toBe(expected);
  });

  it('keeps the scale asked for', () => {
    expect(normalizeDecimal('1.5', 0)).toBe('1.5');
    expect(normalizeDecimal('1', 4)).toBe('1.0000');
  });

  it.each(['', '.', '-', '1,5', '1.2.3', 'NaN', 'Infinity'])('rejects %p', (value) => {
    expect(() => normalizeDecimal(value)).toThrow(expect.objectContaining({ code: INVALID_DECIMAL }));
  });
});

describe('sumDecimals', () => {
  it('adds exactly where floats do not', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.30');
    expect(sumDecimals(['960.00', '-1.50', '.005'])).toBe('958.505');
    expect(sumDecimals([])).toBe('0.00');
  });

  it('equals BigInt arithmetic on cents', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n })), (cents) => {
        const total = cents.reduce((a, b) => a + b, 0n);
        return (
          sumDecimals(cents.map((c) => impliedDecimal(c.toString(), 2))) ===
          impliedDecimal(total.toString(), 2)
        );
      }),
    );
  });
});

describe('parseQuantity', () => {
  it('returns numbers for decimal text and rejects the rest', () => {
    expect(parseQuantity('12')).toBe(12);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('-3')).toBe(-3);
    expect(() => parseQuantity('')).toThrow(DocksideError);
    expect(() => parseQuantity('1e3')).toThrow(DocksideError);
  });

  it('refuses a quantity a JSON number would not keep exactly, and keeps every one it would', () => {
    expect(() => parseQuantity('9007199254740993')).toThrow(/at most 15 significant digits/);
    expect(() => parseQuantity('1.0000000000000001')).toThrow(DocksideError);
    expect(() => parseQuantity('123456789012345678901234567890')).toThrow(DocksideError);
    expect(parseQuantity('999999999999999')).toBe(999999999999999);
    expect(parseQuantity('0000012.500000000000')).toBe(12.5);
    expect(parseQuantity('100000000000000000000')).toBe(1e20);
  });
});
