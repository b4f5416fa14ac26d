import { analyzeX12 } from '../../../translators/x12/analyze';
import { buildAcks, counterControlNumbers, AckOptions } from '../../../translators/x12/ack-builder';
import { miniSchema } from './mini-schema';

const NOW = new Date(Date.UTC(2024, 10, 15, 9, 30));

/** An interchange around the given sets (each a list of segments without ST/SE); counts computed. */
function interchange(
  sets: string[][],
  o: {
    ack?: string;
    st02?: string[];
    se01?: number[];
    ge01?: number;
    iea02?: string;
    fid?: string;
    setId?: string;
  } = {},
): string {
  const lines = [
    `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *241115*1200*U*00401*000000042*${o.ack ?? '0'}*P*>`,
    `GS*${o.fid ?? 'PO'}*ACMERETAIL*DOCKSIDEDIST*20241115*1200*7*X*004010`,
  ];
  sets.forEach((body, i) => {
    const control = o.st02?.[i] ?? String(i + 1).padStart(4, '0');
    lines.push(
      `ST*${o.setId ?? '850'}*${control}`,
      ...body,
      `SE*${o.se01?.[i] ?? body.length + 2}*${control}`,
    );
  });
  lines.push(`GE*${o.ge01 ?? sets.length}*7`, `IEA*1*${o.iea02 ?? '000000042'}`);
  return lines.join('~\n') + '~\n';
}

const GOOD = ['BEG*00*SA*PO123**20241115', 'N1*ST*STORE 441', 'PO1*1*10*EA*2.50', 'PID*F*WIDGET', 'CTT*1'];

function acks(text: string, options: AckOptions = {}): string[] {
  const report = analyzeX12(text, { schemas: () => miniSchema });
  return report.interchanges.flatMap((ic) => {
    const a = buildAcks(ic, { controls: counterControlNumbers(), now: () => NOW, ...options });
    return a ? [a] : [];
  });
}

/** The ack's segments between ISA and IEA, without envelope dates. */
function body(ack: string): string[] {
  return ack
    .split('~\n')
    .filter(
      (s) => s && !s.startsWith('ISA') && !s.startsWith('IEA') && !s.startsWith('GS') && !s.startsWith('GE'),
    );
}

describe('997 acknowledgements', () => {
  it('accepts a valid set, with sender and receiver swapped', () => {
    const [ack] = acks(interchange([GOOD]));
    expect(ack).toBe(
      [
        'ISA*00*          *00*          *ZZ*DOCKSIDEDIST   *ZZ*ACMERETAIL     *241115*0930*U*00401*000000001*0*P*>',
        'GS*FA*DOCKSIDEDIST*ACMERETAIL*20241115*0930*1*X*004010',
        'ST*997*0001',
        'AK1*PO*7',
        'AK2*850*0001',
        'AK5*A',
        'AK9*A*1*1*1',
        'SE*6*0001',
        'GE*1*1',
        'IEA*1*000000001',
        '',
      ].join('~\n'),
    );
  });

  it('reports a missing mandatory segment with AK304 = 3', () => {
    expect(body(acks(interchange([GOOD.slice(1)]))[0])).toEqual([
      'ST*997*0001',
      'AK1*PO*7',
      'AK2*850*0001',
      'AK3*BEG*2**3',
      'AK5*R*5',
      'AK9*R*1*1*0',
      'SE*7*0001',
    ]);
  });

  it('reports a bad code with AK3 code 8 and AK4 position, element number, code 7 and the value', () => {
    const bad = [...GOOD];
    bad[0] = 'BEG*99*SA*PO123**20241115';
    bad[2] = 'PO1*1*10*XX*2.50';
    expect(body(acks(interchange([bad]))[0]).slice(2, 8)).toEqual([
      'AK2*850*0001',
      'AK3*BEG*2**8',
      'AK4*1*353*7*99',
      'AK3*PO1*4*PO1*8',
      'AK4*3*355*7*XX',
      'AK5*R*5',
    ]);
  });

  it('reports bad dates, numbers, lengths and syntax rules', () => {
    const bad = ['BEG*00*SA*PO123**20241331', 'REF*DP', 'DTM*002**1261', 'N1*ST', 'PO1*1*1O*EA', 'CTT*1'];
    const lines = body(acks(interchange([bad]))[0]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'AK4*5*373*8*20241331',
        'AK4*2*127*2',
        'AK4*3*337*9*1261',
        'AK4*2*93*2',
        'AK4*2*330*6*1O',
      ]),
    );
  });

  it('reports segment order, max use, loop repeats and unknown segments', () => {
    const sets = [
      ['BEG*00*SA*PO1**20241115', 'REF*DP*1', 'REF*DP*2', 'REF*DP*3', 'PO1*1*1*EA', 'CTT*1'],
      ['BEG*00*SA*PO1**20241115', 'N1*ST*A', 'N1*ST*B', 'N1*ST*C', 'N1*ST*D', 'PO1*1*1*EA'],
      ['BEG*00*SA*PO1**20241115', 'PO1*1*1*EA', 'REF*DP*1', 'ZZZ*1', 'CTT*1'],
    ];
    const lines = body(acks(interchange(sets))[0]);
    expect(lines).toContain('AK3*REF*5**5');
    expect(lines).toContain('AK3*N1*6*N1*4');
    expect(lines).toContain('AK3*REF*4*PO1*7');
    expect(lines).toContain('AK3*ZZZ*5*PO1*1');
    expect(lines).toContain('AK9*R*3*3*0');
  });

  it('reports SE count, SE/ST control and duplicate ST02 at the set level', () => {
    const text = interchange([GOOD, GOOD, GOOD], { st02: ['0001', '0001', '0003'], se01: [7, 99, 7] });
    const lines = body(acks(text)[0]);
    expect(lines.filter((l) => l.startsWith('AK5'))).toEqual(['AK5*A', 'AK5*R*23*4', 'AK5*A']);
    expect(lines).toContain('AK9*P*3*3*2');
  });

  it('reports a GE count mismatch and an unsupported set', () => {
    const lines = body(acks(interchange([GOOD], { ge01: 2, setId: '855' }))[0]);
    expect(lines).toEqual([
      'ST*997*0001',
      'AK1*PO*7',
      'AK2*855*0001',
      'AK5*R*1',
      'AK9*R*2*1*0*5',
      'SE*6*0001',
    ]);
  });

  it('sends a TA1 when ISA14 = 1, and when the envelope is bad', () => {
    expect(acks(interchange([GOOD], { ack: '1' }))[0]).toContain('TA1*000000042*241115*1200*A*000~');
    expect(acks(interchange([GOOD], { iea02: '000000043' }))[0]).toContain(
      'TA1*000000042*241115*1200*R*001~',
    );
    const cut = interchange([GOOD]).replace(/IEA.*\n$/, '');
    expect(acks(cut)[0]).toContain('TA1*000000042*241115*1200*R*023~');
    expect(acks(interchange([GOOD], { ack: '1' }), { ta1: 'never' })[0]).not.toContain('TA1');
  });

  it('never acknowledges an acknowledgement', () => {
    expect(acks(interchange([['AK1*PO*1', 'AK9*A*1*1*1']], { fid: 'FA', setId: '997', ack: '1' }))).toEqual(
      [],
    );
  });

  it('writes a 999 with IK3/IK4/IK5 when asked', () => {
    const bad = [...GOOD];
    bad[0] = 'BEG*99*SA*PO123**20241115';
    const lines = body(acks(interchange([bad]), { type: '999' })[0]);
    expect(lines).toEqual([
      'ST*999*0001*005010X231A1',
      'AK1*PO*7*004010',
      'AK2*850*0001',
      'IK3*BEG*2**8',
      'IK4*1*353*7*99',
      'IK5*R*5',
      'AK9*R*1*1*0',
      'SE*8*0001',
    ]);
  });

  it('acknowledges only sets in error in errors-only mode', () => {
    const bad = [...GOOD];
    bad[0] = 'BEG*99*SA*PO123**20241115';
    const lines = body(acks(interchange([GOOD, bad]), { mode: 'errors-only' })[0]);
    expect(lines.filter((l) => l.startsWith('AK2'))).toEqual(['AK2*850*0002']);
    expect(lines).toContain('AK9*P*2*2*1');
  });
});
