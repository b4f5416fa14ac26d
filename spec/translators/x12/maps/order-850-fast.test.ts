// The 850 fast path and held sets must give exactly what the builder gives over parsed
// segments: same data (same key order, so the same JSON), and no data where the builder throws.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CanonicalEvent } from '../../../../canonical/cloudevent';
import { analyzeX12 } from '../../../../translators/x12/analyze';
import type { HeldSet, SetRecorder } from '../../../../translators/x12/maps/held-set';
import { mapSet, setRecorder } from '../../../../translators/x12/maps';
import { mapOrder850, Order850Builder } from '../../../../translators/x12/maps/order-850';
import { fastOrder850 } from '../../../../translators/x12/maps/order-850-fast';
import {
  translateX12,
  translateX12Stream,
  unknownPartnerId,
} from '../../../../translators/x12/translate-x12';
import type { TranslationError } from '../../../../translators/translation';
import { parseSets } from './helpers';

const FIXTURES = join(__dirname, '../../../fixtures/x12');

function wrap(body: string): string {
  const segments = body.trim().split(/\n\s*/);
  return [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260102*0304*U*00401*000000001*0*P*>',
    'GS*PO*SENDER*RECEIVER*20260102*0304*1*X*004010',
    ...segments,
    `SE*${segments.length + 1}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ].join('~\n');
}

/** Every 850 of `text` as the engine holds it (whatever its verdict). */
function held(text: string | Buffer): HeldSet[] {
  const out: HeldSet[] = [];
  let recorder: SetRecorder | undefined;
  analyzeX12(text, {
    setSegments: (id) => (recorder = setRecorder(id)),
    observer: {
      set: (set) => {
        if (set.id === '850' && recorder) out.push(recorder.hold(set.interchange.delimiters.element));
      },
    },
  });
  return out;
}

/** The builder's answer over parsed segments: data, or the message it throws. */
function viaBuilder(text: string | Buffer, i: number): { data?: object; error?: string } {
  try {
    return { data: mapOrder850(parseSets(text).filter((s) => s.id === '850')[i]) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function expectSame(text: string | Buffer): void {
  held(text).forEach((h, i) => {
    const expected = viaBuilder(text, i);
    const fast = fastOrder850(h);
    if (expected.error !== undefined) {
      expect(fast).toBeUndefined();
      expect(() => h.replay(new Order850Builder())).toThrow(expected.error);
      return;
    }
    expect(JSON.stringify(h.replay(new Order850Builder()))).toBe(JSON.stringify(expected.data));
    // The fast path may give up (the builder then decides), but never differs.
    if (fast !== undefined) {
      expect(fast).toEqual(expected.data);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(expected.data));
    }
  });
}

describe('fastOrder850 and held sets', () => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter(
    (f) => !f.endsWith('.json') && !f.endsWith('.md') && f.includes('.'),
  );

  it.each(files)('equal the builder on the corpus: %s', (file) => {
    expectSame(readFileSync(join(FIXTURES, file)));
  });

  it('equal the builder on a full order, and take the fast path for it', () => {
    const text = wrap(`ST*850*0001
      BEG*00*SA*PO-1*R1*20260102
      CUR*BY*USD
      REF*DP*042
      DTM*002*20260201*1330
      N1*BY*Big Retail*92*B1
      N1*ST*DC 7*92*007
      N3*1 Dock Rd*Suite 2
      N4*Austin*TX*78701*US
      REF*ZZ*party-level
      N1*VN*Maker Co
      PO1*1*12*EA*9.5**UP*012345678905*VP*V-1*IN*B-1*UK*00012345678905*SK*SKU1*ZZ*misc*BP*B-2
      PID*F*75***Red
      PID*F*08***Widget
      PO1*2*.5*LB*.25
      CTT*2*12.5
      AMT*TT*125`);
    expect(held(text).map((h) => fastOrder850(h) !== undefined)).toEqual([true]);
    expectSame(text);
  });

  it('give up where the builder throws, so it reports the value', () => {
    for (const bad of [
      'BEG*00*SA*PO-1**20260230\nPO1*1*1',
      'BEG*00*SA*PO-1**20260102\nPO1*1*1*EA*1,50',
      'BEG*00*SA*PO-1**20260102\nDTM*002*2026\nPO1*1*1',
      'BEG*00*SA*PO-1**20260102\nDTM*002*20260102*2500\nPO1*1*1',
      'BEG*00*SA*PO-1**20260102\nPO1*1*x',
      'BEG*00*SA*PO-1**20260102\nPO1*1*1\nCTT*1.5',
      'BEG*00*SA*PO-1**20260102\nPO1*1*1\nCTT*1*abc',
      'BEG*00*SA*PO-1**20260102\nPO1*1*1\nCTT*1\nAMT*TT*1e3',
    ]) {
      const text = wrap(`ST*850*0001\n${bad}`);
      expect(held(text).map(fastOrder850)).toEqual([undefined]);
      expectSame(text);
    }
  });

  it('equal the builder on generated orders (odd values, order, padding, Latin-1 text)', () => {
    const value = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '00',
        'SA',
        'PO-1',
        ' 12 ',
        'F',
        '08',
        'TT',
        'UP',
        'VN',
        'BP',
        'ZZ',
        'constructor',
      ),
      fc.constantFrom(
        '20260102',
        '260102',
        '20260230',
        '1330',
        '2500',
        '133005',
        '9.5',
        '.5',
        '007.50',
        '-1.5',
      ),
      fc.constantFrom('+3', '1,5', '1e3', '12', '0', 'Caf\xe9', 'Caf\xc3\xa9', '\xa0x\xa0', 'x\ty'),
      fc.stringMatching(/^[A-Z0-9 .-]{0,6}$/),
    );
    const tag = fc.constantFrom(
      'BEG',
      'CUR',
      'REF',
      'DTM',
      'N1',
      'N2',
      'N3',
      'N4',
      'PER',
      'TD5',
      'PO1',
      'PID',
      'CTT',
      'AMT',
      'MSG',
      'FOB',
    );
    const segment = fc
      .tuple(tag, fc.array(value, { maxLength: 14 }))
      .map(([t, elements]) => [t, ...elements].join('*').replace(/\*+$/, ''));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 25 }), (segments) => {
        expectSame(wrap(['ST*850*0001', ...segments].join('\n')));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('translateX12Stream with held sets', () => {
  const order = (n: number) => [
    `ST*850*${String(n).padStart(4, '0')}`,
    `BEG*00*SA*PO${n}**20241115`,
    'CUR*BY*USD',
    'N1*ST*STORE 441*92*0441',
    'N3*1200 COMMERCE WAY',
    'N4*COLUMBUS*OH*43215*US',
    'PO1*1*6*EA*3.25**UP*0712345000001*VN*SKU-1',
    'PID*F****WIDGET MODEL 1 BLUE',
    'CTT*1',
  ];
  const text = (() => {
    const sets = [1, 2, 3].map((n) => {
      const segs = order(n);
      return [...segs, `SE*${segs.length + 1}*${String(n).padStart(4, '0')}`];
    });
    return [
      'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260102*0304*U*00401*000000001*0*P*>',
      'GS*PO*SENDER*RECEIVER*20260102*0304*1*X*004010',
      ...sets.flat(),
      'GE*3*1',
      'IEA*1*000000001',
    ].join('~\r\n');
  })();

  async function streamed(
    input: string,
    chunk: number,
  ): Promise<{ events: CanonicalEvent[]; errors: TranslationError[] }> {
    const chunks: Buffer[] = [];
    const bytes = Buffer.from(input, 'latin1');
    for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
    const events: CanonicalEvent[] = [];
    const errors: TranslationError[] = [];
    await translateX12Stream(
      (async function* () {
        yield* chunks;
      })(),
      { fileId: 'f' },
      { event: (e) => events.push(e), ack: () => undefined, error: (e) => errors.push(e) },
    );
    return { events, errors };
  }

  /** Events the way they were made before held sets: kept segments, `mapSet`. */
  function reference(input: string): CanonicalEvent[] {
    const events: CanonicalEvent[] = [];
    analyzeX12(input, {
      onSet: (set, accepted) => {
        const event = accepted
          ? mapSet(set, { partnerId: unknownPartnerId(set.interchange), fileId: 'f' }).event
          : undefined;
        if (event) events.push(event);
      },
    });
    return events;
  }

  it.each([1, 7, 64, 100000])('gives the events of kept segments with %i-byte chunks', async (chunk) => {
    const expected = reference(text);
    expect(expected).toHaveLength(3);
    const got = await streamed(text, chunk);
    expect(JSON.stringify(got.events)).toBe(JSON.stringify(expected));
    expect(got.errors).toEqual(translateX12(text, { fileId: 'f' }).errors);
    expect(JSON.stringify(translateX12(text, { fileId: 'f' }).events)).toBe(JSON.stringify(expected));
  });

  it('reads hard-wrapped segments (held as pieces) the same', async () => {
    const wrapped = text.replace(/~\r\n/g, '~\n').replace(/WIDGET MODEL/g, 'WIDGET\r\n MODEL');
    const expected = reference(wrapped);
    expect(expected).toHaveLength(3);
    expect(JSON.stringify(expected)).toContain('WIDGET MODEL');
    const got = await streamed(wrapped, 5);
    expect(JSON.stringify(got.events)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(translateX12(wrapped, { fileId: 'f' }).events)).toBe(JSON.stringify(expected));
  });
});
