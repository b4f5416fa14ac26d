import { parseProfileText, MappingInfo } from '../../../gateway/config/parse-profile';

const FILE = 'partners/test.yaml';

const MINIMAL = `id: test-partner
name: Test Partner
role: retailer
x12:
  partner: { isa: { qualifier: ZZ, id: TESTPARTNER }, gs: TESTPARTNER }
documents:
  inbound: [850]
transports:
  - type: http
`;

/** MINIMAL with its transports replaced by `transports` (YAML list items, indented 2). */
const withTransport = (transport: string) => MINIMAL.replace('  - type: http\n', transport);

const errorsOf = (text: string, mappings?: ReadonlyMap<string, MappingInfo>) =>
  parseProfileText(text, FILE, { mappings }).errors.map((e) => `${e.line}:${e.column} ${e.message}`);

describe('parseProfileText', () => {
  it('accepts a minimal profile and applies the defaults', () => {
    const { profile, errors } = parseProfileText(MINIMAL, FILE);
    expect(errors).toEqual([]);
    expect(profile).toMatchObject({
      documents: { inbound: ['850'], outbound: [] },
      acks: { type: '997', ta1: 'on-request', mode: 'all', expectWithinMinutes: 1440 },
      x12: {
        us: { isa: { qualifier: 'ZZ', id: 'DOCKSIDEDIST' }, gs: 'DOCKSIDEDIST' },
        versions: ['004010'],
        delimiters: { element: '*', component: '>', segment: '~', repetition: '^' },
      },
      transports: [{ type: 'http', enabled: true }],
      crossReference: {},
      erp: { connector: 'default' },
      limits: { maxFileSizeBytes: 52428800 },
      duplicateWindowDays: 30,
    });
  });

  it('normalises set ids written as numbers or strings to strings', () => {
    const text = MINIMAL.replace('inbound: [850]', "inbound: [850, '856']\n  outbound: [997]");
    expect(parseProfileText(text, FILE).profile?.documents).toEqual({
      inbound: ['850', '856'],
      outbound: ['997'],
    });
  });

  it('points a missing key at the map that should hold it', () => {
    const text = withTransport('  - type: dropzone\n    inbound: in\n    afterReceipt: delete\n');
    expect(errorsOf(text)).toEqual(['9:5 transports[0].outbound is required']);
  });

  it('reports a missing discriminator as a required type', () => {
    expect(errorsOf(withTransport('  - host: example.com\n'))).toEqual([
      '9:5 transports[0].type is required',
    ]);
  });

  it('points at the key inside a flow map', () => {
    const text = MINIMAL.replace('id: TESTPARTNER }', 'id: TESTPARTNER, extra: 1 }');
    expect(errorsOf(text)).toEqual(['5:53 x12.partner.isa.extra is not a known field']);
  });

  it('requires an x12 section when X12 documents are listed, pointing at the top-level map', () => {
    const text = MINIMAL.replace(/x12:\n.*\n/, '');
    expect(errorsOf(text)).toEqual(['1:1 the profile needs an x12 section: it lists X12 documents']);
  });

  it('refuses our own ISA identity as the partner identity', () => {
    const text = MINIMAL.replace('id: TESTPARTNER }', 'id: DOCKSIDEDIST }');
    expect(errorsOf(text)).toEqual(['5:14 x12.partner.isa must not be our own ISA identity ZZ*DOCKSIDEDIST']);
  });

  it('refuses delimiters that collide', () => {
    const text = MINIMAL.replace('documents:', "  delimiters: { element: '*', component: '*' }\ndocuments:");
    expect(errorsOf(text)).toEqual(['6:31 x12.delimiters.component must differ from element ("*")']);
  });

  it('refuses ".." in a relative drop-zone path', () => {
    const text = withTransport(
      '  - type: dropzone\n    inbound: ../../etc\n    outbound: out\n    afterReceipt: delete\n',
    );
    expect(errorsOf(text)).toEqual([
      '10:5 transports[0].inbound must not contain ".." (relative paths stay inside the data folder; use an absolute path for elsewhere)',
    ]);
  });

  it('accepts OpenSSH public key lines and refuses anything else', () => {
    const key =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0e0Vd1Y5nS0y3mX0m0Jt2y5vO1Sx4d3bY0C0v0T0pQ acme@laptop';
    const ok = withTransport(`  - type: hosted-sftp\n    username: test\n    publicKeys: ['${key}']\n`);
    expect(errorsOf(ok)).toEqual([]);
    const bad = withTransport(`  - type: hosted-sftp\n    username: test\n    publicKeys: ['not a key']\n`);
    expect(errorsOf(bad)).toEqual([
      '11:18 transports[0].publicKeys[0] must be one OpenSSH public key line, like "ssh-ed25519 AAAA… comment", got "not a key"',
    ]);
  });

  it('accepts secret references for remote SFTP credentials', () => {
    const text = withTransport(
      '  - type: remote-sftp\n    host: sftp.example.com\n    username: u\n    password: env:TEST_SFTP_PASSWORD\n' +
        '    privateKey: file:keys/test\n    inboundPath: /out\n    outboundPath: /in\n    afterReceipt: move\n    moveTo: /done\n',
    );
    expect(errorsOf(text)).toEqual([]);
  });

  it('never repeats the value of a secret field', () => {
    const text = withTransport(
      '  - type: remote-sftp\n    host: h\n    username: u\n    password: [hunter2]\n    passphrase: 12345\n' +
        '    inboundPath: /a\n    outboundPath: /b\n    afterReceipt: delete\n',
    );
    const errors = errorsOf(text);
    expect(errors).toEqual([
      '12:5 transports[0].password is an inline secret; write a reference instead (env:NAME or file:path), secrets never go in a profile',
      '13:5 transports[0].passphrase is an inline secret; write a reference instead (env:NAME or file:path), secrets never go in a profile',
    ]);
    expect(errors.join('\n')).not.toMatch(/hunter2|12345/);
    const hash = withTransport('  - type: hosted-sftp\n    username: test\n    passwordHash: hunter2\n');
    expect(errorsOf(hash).join('\n')).not.toContain('hunter2');
  });

  it('finds a PEM private key in any field', () => {
    const text = MINIMAL.replace('name: Test Partner', 'name: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE"');
    expect(errorsOf(text)).toEqual([
      '2:1 name holds an inline PEM private key; keep the key in a file and write a reference (file:path or env:NAME)',
    ]);
  });

  it('checks mapping names, formats and lookup tables when a catalog is given', () => {
    const mappings = new Map<string, MappingInfo>([
      [
        'orders-csv',
        { file: 'partners/mappings/orders-csv.yaml', valid: true, format: 'csv', lookups: ['units'] },
      ],
      ['broken', { file: 'partners/mappings/broken.yaml', valid: false }],
    ]);
    const text = MINIMAL.replace(
      'inbound: [850]',
      'inbound:\n    - { format: xml, mapping: orders-csv }\n    - { format: csv, mapping: broken }',
    );
    expect(errorsOf(text, mappings)).toEqual([
      '8:22 documents.inbound[0].mapping names mapping "orders-csv", which reads csv, but format is xml',
      '9:22 documents.inbound[1].mapping names mapping "broken", which has errors (see partners/mappings/broken.yaml)',
    ]);
  });

  it('does not take an inherited name such as toString for a cross-reference table', () => {
    const mappings = new Map<string, MappingInfo>([
      [
        'orders-csv',
        { file: 'partners/mappings/orders-csv.yaml', valid: true, format: 'csv', lookups: ['toString'] },
      ],
    ]);
    const text = MINIMAL.replace('inbound: [850]', 'inbound:\n    - { format: csv, mapping: orders-csv }');
    expect(errorsOf(text, mappings)).toEqual([
      '8:22 documents.inbound[0].mapping names mapping "orders-csv", which looks up table "toString": add crossReference.toString',
    ]);
  });

  it('refuses a key YAML reads as other text than written: a code such as 007 would become 7', () => {
    // Found by probing: `007: BX` was stored as "7" (the partner's 007 never matched), and `12:`
    // beside `'12':` slipped past the repeated-key check.
    expect(
      errorsOf(`${MINIMAL}crossReference:\n  units:\n    007: BX\n    1.50: Y\n    12: DZ\n    '12': CS\n`),
    ).toEqual([
      "12:5 key 007 is read as 7: quote it ('007')",
      "13:5 key 1.50 is read as 1.5: quote it ('1.50')",
      "15:5 key '12' repeats key '12'",
    ]);
    // Keys that read as written still work, quoted or not.
    expect(errorsOf(`${MINIMAL}crossReference:\n  units:\n    '007': BX\n    12: DZ\n    true: Y\n`)).toEqual(
      [],
    );
  });

  it('refuses an outbound folder that is the inbound folder: our acks would be read back as theirs', () => {
    // Found by probing: the poller fetched its own 997 back (and deleted it from the partner's
    // server), the ERP got an acknowledgement.received the partner never sent.
    const dz = withTransport(
      '  - type: dropzone\n    inbound: dz/in\n    outbound: ./dz/in/\n    afterReceipt: delete\n',
    );
    expect(errorsOf(dz)).toEqual([
      expect.stringMatching(/transports\[0\]\.outbound must not be the inbound folder/),
    ]);
    const remote = withTransport(
      '  - type: remote-sftp\n    host: example.com\n    username: u\n    password: env:P\n    inboundPath: /x/in\n    outboundPath: /x/in/\n    afterReceipt: delete\n',
    );
    expect(errorsOf(remote)).toEqual([
      expect.stringMatching(/transports\[0\]\.outboundPath must not be the inboundPath folder/),
    ]);
  });

  it('explains a bad cross-reference table name and a password on a hosted SFTP user', () => {
    expect(errorsOf(`${MINIMAL}crossReference:\n  'bad name': { A: B }\n`)).toEqual([
      '11:3 crossReference key "bad name" must be a table name of letters, digits, _ or -',
    ]);
    const text = withTransport(
      '  - type: hosted-sftp\n    username: test\n    password: env:TEST_PASSWORD\n',
    );
    expect(errorsOf(text)).toEqual([
      '11:5 transports[0].password is not a known field (hosted-sftp stores only passwordHash: printf %s PASSWORD | npx dockside partners hash-password)',
    ]);
  });

  it('reports a document that is not a map', () => {
    expect(errorsOf('')).toEqual([
      '1:1 a profile must be a YAML map of fields (id, name, role, documents, transports, …)',
    ]);
    expect(errorsOf('- a\n- b\n')).toEqual([
      '1:1 a profile must be a YAML map of fields (id, name, role, documents, transports, …)',
    ]);
  });

  it('reports duplicate keys and several documents as YAML errors with positions', () => {
    expect(errorsOf(`${MINIMAL}role: supplier\n`)).toEqual([
      '10:1 YAML syntax error: Map keys must be unique',
    ]);
    expect(errorsOf(`${MINIMAL}---\nid: other\n`)[0]).toMatch(
      /^10:1 YAML syntax error: Source contains multiple documents/,
    );
  });

  it('lists several errors in source order', () => {
    const text = MINIMAL.replace('role: retailer', 'role: shop').replace(
      'type: http',
      'type: http\n    enabled: yes please',
    );
    expect(errorsOf(text)).toEqual([
      '3:1 role must be one of "retailer", "supplier", "3pl", got "shop"',
      '10:5 transports[0].enabled must be true or false, got "yes please"',
    ]);
  });
});
