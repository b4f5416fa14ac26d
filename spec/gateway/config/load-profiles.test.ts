import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findPartner, findPartnerByIsa, loadProfiles } from '../../../gateway/config/load-profiles';
import { MAX_CONFIG_FILE_BYTES } from '../../../gateway/config/read-config-file';

const BROKEN = 'spec/fixtures/partners/broken';
const at = (file: string) => `${BROKEN}/${file}`;

describe('loadProfiles on the example partners', () => {
  it('loads acme, northwind and summit with no errors', async () => {
    const { profiles, errors } = await loadProfiles('partners');
    expect(errors).toEqual([]);
    expect(profiles.map((p) => p.id)).toEqual(['acme', 'northwind', 'summit']);
  });

  it('gives every example our identity ZZ*DOCKSIDEDIST / DOCKSIDEDIST', async () => {
    const { profiles } = await loadProfiles('partners');
    for (const p of profiles) {
      expect(p.x12?.us).toEqual({ isa: { qualifier: 'ZZ', id: 'DOCKSIDEDIST' }, gs: 'DOCKSIDEDIST' });
    }
  });

  it('keeps the identities and transports the issue asks for', async () => {
    const { profiles } = await loadProfiles('partners');
    const acme = findPartner(profiles, 'acme')!;
    expect(acme.role).toBe('retailer');
    expect(acme.x12?.partner).toEqual({ isa: { qualifier: 'ZZ', id: 'ACMERETAIL' }, gs: 'ACMERETAIL' });
    expect(acme.documents.inbound).toContain('850');
    expect(acme.documents.outbound).toEqual(['856', '810']);
    expect(acme.transports[0]).toMatchObject({ type: 'hosted-sftp', username: 'acme', publicKeys: [] });

    const northwind = findPartner(profiles, 'northwind')!;
    expect(northwind.role).toBe('3pl');
    expect(northwind.x12?.partner.isa).toEqual({ qualifier: 'ZZ', id: 'NORTHWIND3PL' });
    expect(northwind.documents.inbound).toEqual(
      expect.arrayContaining([
        { format: 'csv', mapping: 'northwind-shipments', match: ['*shipment*', 'SHP_*'] },
        { format: 'csv', mapping: 'northwind-receipts', match: ['*receipt*', 'RCV_*'] },
        { format: 'csv', mapping: 'northwind-inventory', match: ['*inventory*', 'ADJ_*'] },
      ]),
    );
    expect(northwind.transports[0].type).toBe('dropzone');

    const summit = findPartner(profiles, 'summit')!;
    expect(summit.role).toBe('supplier');
    expect(summit.x12?.partner.isa).toEqual({ qualifier: 'ZZ', id: 'SUPPLIERCO' });
    expect(summit.documents.inbound).toEqual(
      expect.arrayContaining([{ format: 'xml', mapping: 'summit-asn' }, '810']),
    );
    expect(summit.transports[0]).toMatchObject({
      type: 'remote-sftp',
      privateKey: 'file:keys/summit/id_ed25519',
    });
  });

  it('finds a partner by its ISA identity, padded as in the ISA segment', async () => {
    const { profiles } = await loadProfiles('partners');
    expect(findPartnerByIsa(profiles, 'ZZ', 'ACMERETAIL     ')?.id).toBe('acme');
    expect(findPartnerByIsa(profiles, 'ZZ', 'SUPPLIERCO')?.id).toBe('summit');
    expect(findPartnerByIsa(profiles, '01', 'ACMERETAIL')).toBeUndefined();
    expect(findPartner(profiles, 'nobody')).toBeUndefined();
  });
});

describe('loadProfiles on broken profiles: one rule per file, exact file:line:column', () => {
  // [file, line, column, code, message]
  const expected: Array<[string, number, number, string, string]> = [
    ['bad-ack-type.yaml', 9, 3, 'DS_CONFIG_INVALID_VALUE', 'acks.type must be 997 or 999, got "TA1"'],
    [
      'bad-password-hash.yaml',
      11,
      5,
      'DS_CONFIG_INVALID_VALUE',
      'transports[0].passwordHash must be a scrypt hash "scrypt$N$r$p$salt$hash" (make one with `npx dockside partners hash-password`)',
    ],
    [
      'bad-port-type.yaml',
      11,
      5,
      'DS_CONFIG_INVALID_VALUE',
      'transports[0].port must be a number, got "twenty-two"',
    ],
    [
      'bad-set-id.yaml',
      7,
      18,
      'DS_CONFIG_INVALID_VALUE',
      'documents.inbound[1] must be an X12 transaction set id: 850, 856, 810, 997, 999, got 875',
    ],
    [
      'bad-transport-type.yaml',
      9,
      5,
      'DS_CONFIG_INVALID_VALUE',
      'transports[0].type must be one of "hosted-sftp", "dropzone", "remote-sftp", "as2", "http", got "ftp"',
    ],
    [
      'dropzone-no-archive.yaml',
      10,
      5,
      'DS_CONFIG_INVALID_VALUE',
      'transports[0] needs archive when afterReceipt is move',
    ],
    [
      'inline-password.yaml',
      12,
      5,
      'DS_CONFIG_INLINE_SECRET',
      'transports[0].password is an inline secret; write a reference instead (env:NAME or file:path), secrets never go in a profile',
    ],
    [
      'inline-pem-key.yaml',
      12,
      5,
      'DS_CONFIG_INLINE_SECRET',
      'transports[0].privateKey holds an inline PEM private key; keep the key in a file and write a reference (file:path or env:NAME)',
    ],
    ['missing-id.yaml', 2, 1, 'DS_CONFIG_MISSING_FIELD', 'id is required'],
    [
      'missing-lookup-table.yaml',
      6,
      22,
      'DS_CONFIG_UNKNOWN_LOOKUP_TABLE',
      'documents.inbound[0].mapping names mapping "demo-receipts", which looks up table "units": add crossReference.units',
    ],
    [
      'remote-sftp-no-auth.yaml',
      9,
      5,
      'DS_CONFIG_INVALID_VALUE',
      'transports[0] needs privateKey or password (as env:NAME or file:path)',
    ],
    ['unknown-field.yaml', 11, 5, 'DS_CONFIG_UNKNOWN_FIELD', 'transports[0].maxSesions is not a known field'],
    [
      'unknown-mapping.yaml',
      6,
      22,
      'DS_CONFIG_UNKNOWN_MAPPING',
      `documents.inbound[0].mapping names an unknown mapping "demo-receipt": no demo-receipt.yaml in ${BROKEN}/mappings/ (known: demo-receipts)`,
    ],
    [
      'unknown-role.yaml',
      3,
      1,
      'DS_CONFIG_INVALID_VALUE',
      'role must be one of "retailer", "supplier", "3pl", got "wholesaler"',
    ],
    [
      'unquoted-qualifier.yaml',
      7,
      7,
      'DS_CONFIG_INVALID_VALUE',
      'x12.partner.isa.qualifier must be a string, got 1 (write it in quotes: "01")',
    ],
    [
      'unquoted-version.yaml',
      6,
      14,
      'DS_CONFIG_INVALID_VALUE',
      'x12.versions[0] must be one of "004010", "005010", got 4010 (write it in quotes: "004010")',
    ],
    [
      'yaml-syntax.yaml',
      6,
      1,
      'DS_CONFIG_YAML_SYNTAX',
      'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ];

  it('reports exactly one expected error per broken file, and loads none of them', async () => {
    const { profiles, errors } = await loadProfiles(BROKEN);
    expect(profiles).toEqual([]);
    expect(errors).toEqual(
      expected.map(([file, line, column, code, message]) => ({
        file: at(file),
        line,
        column,
        code,
        message,
      })),
    );
  });

  it('reports a duplicate id on the second file, naming the first', async () => {
    const dir = `${BROKEN}/duplicate-id`;
    const { profiles, errors } = await loadProfiles(dir);
    expect(errors).toEqual([
      {
        file: `${dir}/b-second.yaml`,
        line: 2,
        column: 1,
        code: 'DS_CONFIG_DUPLICATE_ID',
        message: `id "twin" is already used by ${dir}/a-first.yaml (partner twin)`,
      },
    ]);
    expect(profiles.map((p) => p.name)).toEqual(['First twin']);
  });

  it('reports a duplicate ISA identity on the second file, naming the first', async () => {
    const dir = `${BROKEN}/duplicate-isa`;
    const { profiles, errors } = await loadProfiles(dir);
    expect(errors).toEqual([
      {
        file: `${dir}/b-second.yaml`,
        line: 6,
        column: 5,
        code: 'DS_CONFIG_DUPLICATE_ISA',
        message: `ISA identity ZZ*SAMESENDER is already used by ${dir}/a-first.yaml (partner first-sender)`,
      },
    ]);
    expect(profiles.map((p) => p.id)).toEqual(['first-sender']);
  });

  it('reports a hosted-SFTP username used by two partners', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockside-profiles-'));
    const profile = (id: string) =>
      `id: ${id}\nname: ${id}\nrole: 3pl\ndocuments:\n  outbound: [856]\nx12:\n  partner: { isa: { qualifier: ZZ, id: ${id.toUpperCase()} }, gs: ${id.toUpperCase()} }\ntransports:\n  - type: hosted-sftp\n    username: shared\n`;
    writeFileSync(path.join(dir, 'one.yaml'), profile('one'));
    writeFileSync(path.join(dir, 'two.yaml'), profile('two'));
    const { errors } = await loadProfiles(dir);
    expect(errors).toEqual([
      {
        file: path.join(dir, 'two.yaml'),
        line: 10,
        column: 5,
        code: 'DS_CONFIG_DUPLICATE_USERNAME',
        message: `hosted SFTP username "shared" is already used by ${path.join(dir, 'one.yaml')} (partner one)`,
      },
    ]);
  });

  it('reports a folder that cannot be read as one error', async () => {
    const dir = path.join(BROKEN, 'no-such-folder');
    const { profiles, errors } = await loadProfiles(dir);
    expect(profiles).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ file: dir, line: 1, column: 1, code: 'DS_CONFIG_READ_FAILED' }),
    ]);
  });
});

describe('loadProfiles on a folder of symbolic links, and on files it cannot take', () => {
  const readFailed = (file: string, message: string) => ({
    file,
    line: 1,
    column: 1,
    code: 'DS_CONFIG_READ_FAILED',
    message,
  });

  it('loads profiles and mappings mounted as links (a Kubernetes ConfigMap: name -> ..data/name)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockside-configmap-'));
    cpSync('partners', path.join(dir, '..2026_11_28_08_00'), { recursive: true });
    symlinkSync('..2026_11_28_08_00', path.join(dir, '..data'));
    mkdirSync(path.join(dir, 'mappings'));
    for (const name of readdirSync('partners').filter((n) => n.endsWith('.yaml')))
      symlinkSync(`..data/${name}`, path.join(dir, name));
    for (const name of readdirSync('partners/mappings'))
      symlinkSync(`../..data/mappings/${name}`, path.join(dir, 'mappings', name));
    const { profiles, errors } = await loadProfiles(dir);
    expect(errors).toEqual([]);
    expect(profiles.map((p) => p.id)).toEqual(['acme', 'northwind', 'summit']);
  });

  it('reports a dangling link, a folder named like a profile, and a named pipe, each by file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockside-profiles-'));
    symlinkSync('removed.yaml', path.join(dir, 'a-dangling.yaml'));
    mkdirSync(path.join(dir, 'b-folder.yaml'));
    const fifo = spawnSync('mkfifo', [path.join(dir, 'c-pipe.yaml')]).status === 0;
    const { profiles, errors } = await loadProfiles(dir);
    expect(profiles).toEqual([]);
    expect(errors).toEqual([
      readFailed(
        path.join(dir, 'a-dangling.yaml'),
        'cannot read file: it is a symbolic link to removed.yaml, which does not exist',
      ),
      readFailed(path.join(dir, 'b-folder.yaml'), 'cannot read file: it is a directory, not a regular file'),
      ...(fifo
        ? [
            readFailed(
              path.join(dir, 'c-pipe.yaml'),
              'cannot read file: it is a named pipe, not a regular file',
            ),
          ]
        : []),
    ]);
  });

  it('refuses a profile larger than MAX_CONFIG_FILE_BYTES, and a profile naming a mapping that is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockside-profiles-'));
    cpSync('partners', dir, { recursive: true });
    const padding = `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`;
    writeFileSync(path.join(dir, 'acme.yaml'), padding);
    writeFileSync(path.join(dir, 'mappings', 'summit-asn.yaml'), padding);
    const tooLarge = (file: string) => ({
      file: path.join(dir, file),
      line: 1,
      column: 1,
      code: 'DS_CONFIG_FILE_TOO_LARGE',
      message: `file is ${padding.length} bytes, more than the ${MAX_CONFIG_FILE_BYTES} a profile or mapping may have`,
    });
    const { profiles, errors } = await loadProfiles(dir);
    expect(errors).toEqual([
      tooLarge('acme.yaml'),
      tooLarge('mappings/summit-asn.yaml'),
      expect.objectContaining({
        file: path.join(dir, 'summit.yaml'),
        code: 'DS_CONFIG_INVALID_MAPPING',
        message: expect.stringContaining(
          `which has errors (see ${path.join(dir, 'mappings', 'summit-asn.yaml')})`,
        ),
      }),
    ]);
    expect(profiles.map((p) => p.id)).toEqual(['northwind']);
  });
});
