import { ACK_STATUS, mapAcknowledgement, mapTa1 } from '../../../../translators/x12/maps/acknowledgement';
import { parseSegments, setOf } from './helpers';

describe('mapAcknowledgement', () => {
  it.each([
    ['A', 'accepted'],
    ['E', 'accepted-with-errors'],
    ['P', 'partially-accepted'],
    ['R', 'rejected'],
    ['X', 'rejected'],
  ])('maps status %s to %s', (code, status) => {
    expect(ACK_STATUS[code]).toBe(status);
  });

  it('maps a 997 with AK3/AK4 errors, their segment carried onto element errors', () => {
    const data = mapAcknowledgement(
      setOf(`ST*997*0001
        AK1*PO*17
        AK2*850*0001
        AK5*A
        AK2*850*0002
        AK3*N1*7*N1*8
        AK4*2>1*98*7*ZZ
        AK5*E*1
        AK2*850*0003
        AK5*R*5
        AK9*P*3*3*2*4`),
    );
    expect(data).toEqual({
      ackType: '997',
      functionalId: 'PO',
      groupControlNumber: '17',
      status: 'partially-accepted',
      setsIncluded: 3,
      setsReceived: 3,
      setsAccepted: 2,
      errors: [{ level: 'group', code: '4' }],
      sets: [
        { setId: '850', controlNumber: '0001', status: 'accepted', errors: [] },
        {
          setId: '850',
          controlNumber: '0002',
          status: 'accepted-with-errors',
          errors: [
            { level: 'segment', code: '8', segmentId: 'N1', segmentPosition: 7, loopId: 'N1' },
            {
              level: 'element',
              code: '7',
              segmentId: 'N1',
              segmentPosition: 7,
              elementPosition: 2,
              componentPosition: 1,
              elementReference: '98',
              value: 'ZZ',
            },
            { level: 'set', code: '1' },
          ],
        },
        { setId: '850', controlNumber: '0003', status: 'rejected', errors: [{ level: 'set', code: '5' }] },
      ],
    });
  });

  it('maps a 999 (IK3/IK4/IK5)', () => {
    const data = mapAcknowledgement(
      setOf(
        `ST*999*0001*005010X231
        AK1*HC*5*005010X222
        AK2*837*0001
        IK3*CLM*22**8
        IK4*2*782*1
        IK5*R*5
        AK9*R*1*1*0`,
        { version: '005010X231' },
      ),
    );
    expect(data.ackType).toBe('999');
    expect(data.status).toBe('rejected');
    expect(data.sets[0].errors).toEqual([
      { level: 'segment', code: '8', segmentId: 'CLM', segmentPosition: 22 },
      {
        level: 'element',
        code: '1',
        segmentId: 'CLM',
        segmentPosition: 22,
        elementPosition: 2,
        elementReference: '782',
      },
      { level: 'set', code: '5' },
    ]);
  });

  it('leaves a set status out when AK5 is missing, rather than inventing one', () => {
    const data = mapAcknowledgement(setOf('ST*997*0001\nAK1*PO*1\nAK2*850*0001\nAK9*A*1*1*1'));
    expect(data.sets).toEqual([{ setId: '850', controlNumber: '0001', errors: [] }]);
  });
});

describe('mapTa1', () => {
  it('maps TA101/TA104/TA105, with note code 000 not an error', () => {
    const [ok] = parseSegments(
      'ISA*00*          *00*          *ZZ*R              *ZZ*S              *260102*0304*^*00501*000000009*0*P*:~TA1*000000050*260101*1200*A*000~IEA*1*000000009~',
      'TA1',
    );
    expect(mapTa1(ok.segment)).toEqual({
      ackType: 'TA1',
      interchangeControlNumber: '000000050',
      status: 'accepted',
      sets: [],
    });
    const [bad] = parseSegments(
      'ISA*00*          *00*          *ZZ*R              *ZZ*S              *260102*0304*^*00501*000000009*0*P*:~TA1*000000051*260101*1200*R*006~IEA*1*000000009~',
      'TA1',
    );
    expect(mapTa1(bad.segment)).toEqual({
      ackType: 'TA1',
      interchangeControlNumber: '000000051',
      status: 'rejected',
      errors: [{ level: 'interchange', code: '006' }],
      sets: [],
    });
  });
});
