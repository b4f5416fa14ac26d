// The partner-profile format: one YAML file per trading partner, validated by this zod schema.
// Messages here are predicates ("must be …") that issue-message.ts prefixes with the field path.
import * as path from 'node:path';
import { z } from 'zod';
import { EVENT_TYPES } from '../../canonical/cloudevent';
import { parsePasswordHash } from './password';
import { isSecretRef } from './secrets';

/** X12 transaction sets a profile may name (translators/x12 schemas). */
export const X12_SET_IDS = ['850', '856', '810', '997', '999'] as const;
/** An X12 transaction set id, always a string ('850'), even when the YAML wrote a bare 850. */
export type X12SetId = (typeof X12_SET_IDS)[number];

/** X12 versions the translators have schemas for. */
export const X12_VERSIONS = ['004010', '005010'] as const;

/** Dockside's own interchange identity, the default for `x12.us`. */
export const DOCKSIDE_IDENTITY = {
  isa: { qualifier: 'ZZ', id: 'DOCKSIDEDIST' },
  gs: 'DOCKSIDEDIST',
} as const;

/** The default `limits.maxFileSizeBytes`: the largest file a partner may send. */
export const DEFAULT_MAX_FILE_SIZE_BYTES = 50 * 1024 * 1024;

/** Field names whose value is a secret: the checker insists on a reference (env:/file:) for these. */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set([
  'password',
  'privateKey',
  'passphrase',
  'secret',
  'sharedSecret',
  'token',
  'apiKey',
  'clientSecret',
]);

const kebabName = (what: string) =>
  z
    .string()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      `must be lowercase kebab-case (a-z, 0-9, single hyphens), like ${what}`,
    )
    .max(64, 'must be at most 64 characters');

// A bare 850 in YAML is a number; accept it and normalise to the string form used everywhere else.
const x12SetId = z
  .union([z.enum(X12_SET_IDS), z.literal([850, 856, 810, 997, 999])], {
    error: `must be an X12 transaction set id: ${X12_SET_IDS.join(', ')}`,
  })
  .transform((v) => String(v) as X12SetId);

const ackType = z
  .union([z.enum(['997', '999']), z.literal([997, 999])], { error: 'must be 997 or 999' })
  .transform((v) => String(v) as '997' | '999');

/** A secret reference `env:NAME` or `file:path`; never the secret itself. */
export const secretRefSchema = z
  .string()
  .refine(isSecretRef, 'must be a secret reference (env:NAME or file:path), never the secret itself')
  .meta({ description: 'Secret reference: env:NAME or file:path (relative to the data folder).' });

// ISA06/ISA08 are 15-character fields padded with spaces, so inner spaces are legal but edge ones are not.
const isaId = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9 ._&/-]{0,13}[A-Za-z0-9._&/-])?$/,
    'must be 1-15 characters (letters, digits, . _ & / -), no leading or trailing space',
  );
const gsId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._&/-]{0,13}[A-Za-z0-9._&/-]$/,
    'must be 2-15 characters (letters, digits, . _ & / -)',
  );

const x12Identity = z.strictObject({
  isa: z.strictObject({
    qualifier: z
      .string()
      .regex(/^[A-Z0-9]{2}$/, 'must be a 2-character ISA qualifier such as "ZZ", "01" or "12"')
      .meta({ description: 'ISA05/ISA07 interchange id qualifier.' }),
    id: isaId.meta({ description: 'ISA06/ISA08 interchange id (without the space padding).' }),
  }),
  gs: gsId.meta({ description: 'GS02/GS03 application code.' }),
});

// X12 forbids a delimiter that can occur in data; letters, digits and space always can.
const delimiter = z
  .string()
  .regex(/^[^A-Za-z0-9 ]$/, 'must be one character that is not a letter, digit or space');

const delimiters = z
  .strictObject({
    element: delimiter.default('*'),
    component: delimiter.default('>'),
    segment: delimiter.default('~'),
    repetition: delimiter.default('^'),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, string>();
    for (const key of ['element', 'component', 'segment', 'repetition'] as const) {
      const first = seen.get(d[key]);
      if (first)
        ctx.addIssue({ code: 'custom', path: [key], message: `must differ from ${first} ("${d[key]}")` });
      else seen.set(d[key], key);
    }
  });

const x12 = z.strictObject({
  partner: x12Identity.meta({ description: "The partner's ISA qualifier/id and GS code." }),
  us: x12Identity.default(DOCKSIDE_IDENTITY).meta({ description: 'Our identity towards this partner.' }),
  versions: z.array(z.enum(X12_VERSIONS)).min(1, 'must list at least one version').default(['004010']),
  delimiters: delimiters.prefault({}).meta({ description: 'Delimiters of the X12 we send to this partner.' }),
});

const mappedDocument = z.strictObject({
  format: z.enum(['csv', 'xml']),
  mapping: kebabName('"northwind-shipments"').meta({
    description: 'File name (without .yaml) in partners/mappings/.',
  }),
  match: z.array(z.string().min(1, 'must not be empty')).optional().meta({
    description:
      'File-name patterns (* and ?, case-insensitive) choosing this mapping when the partner sends several of the same format.',
  }),
});

const documents = z
  .strictObject({
    inbound: z
      .array(z.union([x12SetId, mappedDocument]))
      .default([])
      .meta({ description: 'What the partner sends us: X12 set ids, or { format: csv|xml, mapping }.' }),
    outbound: z.array(x12SetId).default([]).meta({ description: 'What we send the partner: X12 set ids.' }),
  })
  .superRefine((d, ctx) => {
    if (d.inbound.length === 0 && d.outbound.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'must list at least one inbound or outbound document',
      });
    }
  });

const acks = z.strictObject({
  type: ackType.default('997').meta({ description: 'Functional ack we send: 997 or 999.' }),
  ta1: z.enum(['never', 'on-request', 'always']).default('on-request').meta({
    description:
      'TA1 interchange acks: never, on-request (ISA14 = 1; envelope errors always get one), always.',
  }),
  mode: z.enum(['all', 'errors-only']).default('all'),
  expectWithinMinutes: z
    .number()
    .int()
    .min(1)
    .max(10080)
    .default(1440)
    .meta({ description: 'Minutes within which we expect their 997/999 for what we send.' }),
});

// Relative local paths resolve against the data folder (data-paths.ts); ".." would leave it.
const localPath = z
  .string()
  .min(1, 'must not be empty')
  .refine(
    (p) => !p.split(/[\\/]/).includes('..'),
    'must not contain ".." (relative paths stay inside the data folder; use an absolute path for elsewhere)',
  );
const remotePath = z.string().min(1, 'must not be empty');

const OPENSSH_PUBLIC_KEY =
  /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

const hostedSftp = z.strictObject({
  type: z.literal('hosted-sftp'),
  username: z
    .string()
    .regex(
      /^[a-z][a-z0-9._-]{0,31}$/,
      'must be 1-32 characters: lowercase letters, digits, . _ -, starting with a letter',
    ),
  publicKeys: z
    .array(
      z
        .string()
        .regex(OPENSSH_PUBLIC_KEY, 'must be one OpenSSH public key line, like "ssh-ed25519 AAAA… comment"'),
    )
    .default([]),
  passwordHash: z
    .string()
    .refine(
      (h) => parsePasswordHash(h) !== undefined,
      'must be a scrypt hash "scrypt$N$r$p$salt$hash" (make one with `npx dockside partners hash-password`)',
    )
    .optional()
    .meta({ description: 'scrypt hash of the SFTP password; the password itself is never stored.' }),
  maxSessions: z.number().int().min(1).max(100).default(4),
  demoKeyPair: z.boolean().default(false).meta({
    description:
      'Demo only: the gateway generates a key pair for this user at first start (data/keys/<username>/id_ed25519) and accepts it.',
  }),
});

/** Whether two folder paths name the same folder (`in`, `./in/`). */
function sameFolder(p: typeof path.posix, a: string, b: string): boolean {
  const plain = (f: string) => p.normalize(f).replace(/(.)\/+$/, '$1');
  return plain(a) === plain(b);
}

const dropzone = z
  .strictObject({
    type: z.literal('dropzone'),
    inbound: localPath.meta({
      description: 'Folder the partner writes into (relative: under the data folder).',
    }),
    outbound: localPath,
    archive: localPath.optional(),
    afterReceipt: z.enum(['move', 'delete']),
    settleMs: z.number().int().min(50).max(600_000).default(200).meta({
      description:
        'How long (ms) a file must stay the same size and time before it is taken as complete. Raise it for a writer that pauses mid-file; better, have it write under a temporary name (x.tmp, x.part) and rename.',
    }),
  })
  .superRefine((t, ctx) => {
    if (t.afterReceipt === 'move' && t.archive === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs archive when afterReceipt is move' });
    }
    // Our acks written where we read the partner's files would be read back as the partner's.
    for (const [field, folder] of [
      ['outbound', t.outbound],
      ['archive', t.archive],
    ] as const) {
      if (folder !== undefined && sameFolder(path, folder, t.inbound)) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'must not be the inbound folder' });
      }
    }
  });

const remoteSftp = z
  .strictObject({
    type: z.literal('remote-sftp'),
    host: z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'must be a host name or IP address'),
    port: z.number().int().min(1).max(65535).default(22),
    username: z.string().min(1, 'must not be empty'),
    privateKey: secretRefSchema.optional(),
    passphrase: secretRefSchema.optional(),
    password: secretRefSchema.optional(),
    hostKey: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'must be an OpenSSH fingerprint "SHA256:…"')
      .optional()
      .meta({ description: "Pinned SHA256 fingerprint of the partner server's host key." }),
    inboundPath: remotePath.meta({ description: 'Remote folder we poll for their files.' }),
    outboundPath: remotePath.meta({ description: 'Remote folder we upload our files to.' }),
    pollIntervalSeconds: z.number().int().min(10).max(86400).default(300),
    settleSeconds: z.number().int().min(0).max(600).default(2).meta({
      description:
        'A poll lists the folder twice, this far apart, and takes only files that did not change between: a file the partner is still writing stays for the next poll.',
    }),
    afterReceipt: z.enum(['delete', 'move']),
    moveTo: remotePath.optional(),
    push: z.boolean().default(true).meta({ description: 'Upload outbound files to outboundPath.' }),
  })
  .superRefine((t, ctx) => {
    if (t.privateKey === undefined && t.password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'needs privateKey or password (as env:NAME or file:path)',
      });
    }
    if (t.afterReceipt === 'move' && t.moveTo === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs moveTo when afterReceipt is move' });
    }
    // Acks pushed where we poll would be polled back as the partner's files (and deleted there).
    for (const [field, folder] of [
      ['outboundPath', t.push ? t.outboundPath : undefined],
      ['moveTo', t.moveTo],
    ] as const) {
      if (folder !== undefined && sameFolder(path.posix, folder, t.inboundPath)) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'must not be the inboundPath folder' });
      }
    }
  });

const as2 = z
  .strictObject({
    type: z.literal('as2'),
    as2Id: z.string().min(1),
    url: z.url({ error: 'must be a URL such as https://as2.example.com/as2' }),
  })
  .meta({ description: 'AS2 (not implemented yet: accepted in profiles, not started).' });

const http = z.strictObject({ type: z.literal('http'), enabled: z.boolean().default(true) });

const transport = z.discriminatedUnion('type', [hostedSftp, dropzone, remoteSftp, as2, http]);

const crossReferenceTable = z.record(z.string(), z.string());

/** The zod schema of one partner profile (the parsed YAML document). */
export const profileSchema = z
  .strictObject({
    id: kebabName('"acme"').meta({
      description: 'Partner id: lowercase kebab-case, unique across profiles.',
    }),
    name: z.string().min(1, 'must not be empty'),
    role: z.enum(['retailer', 'supplier', '3pl']),
    x12: x12.optional().meta({ description: 'Required when the partner exchanges X12.' }),
    documents,
    acks: acks.prefault({}),
    transports: z.array(transport).min(1, 'must list at least one transport'),
    crossReference: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a table name of letters, digits, _ or -'),
        crossReferenceTable,
      )
      .default({})
      .meta({
        description:
          'Cross-reference tables by name (partner code → our code): mappings look up any table by name; X12 events take sku (sets itemIds.sku), uom and location (party ids).',
      }),
    erp: z
      .strictObject({
        connector: kebabName('"default"').meta({
          description: "ERP connector (a name in the connectors file) for this partner's events.",
        }),
        byType: z.partialRecord(z.enum(EVENT_TYPES), kebabName('"accounting"')).optional().meta({
          description: 'Connector per event type, overriding `connector` (e.g. invoices to accounting).',
        }),
      })
      .default({ connector: 'default' }),
    limits: z
      .strictObject({
        maxFileSizeBytes: z
          .number()
          .int()
          .min(1)
          .max(2 ** 31)
          .default(DEFAULT_MAX_FILE_SIZE_BYTES),
      })
      .prefault({}),
    duplicateWindowDays: z.number().int().min(0).max(3650).default(30).meta({
      description:
        'Days during which a file carrying an ISA13 this partner already used is a duplicate (answered with a TA1 025); 0 turns the check off. Identical bytes are a duplicate whatever their age.',
    }),
  })
  .superRefine((p, ctx) => {
    const sendsX12 = [...p.documents.inbound, ...p.documents.outbound].some((d) => typeof d === 'string');
    if (sendsX12 && p.x12 === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs an x12 section: it lists X12 documents' });
    }
    if (p.x12) {
      const { partner, us } = p.x12;
      if (partner.isa.qualifier === us.isa.qualifier && partner.isa.id === us.isa.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['x12', 'partner', 'isa'],
          message: `must not be our own ISA identity ${us.isa.qualifier}*${us.isa.id}`,
        });
      }
    }
  });

/** A validated partner profile, defaults applied. */
export type PartnerProfile = z.output<typeof profileSchema>;
/** A partner profile as written in YAML (defaults optional). */
export type PartnerProfileInput = z.input<typeof profileSchema>;
/** One transport entry of a profile. */
export type PartnerTransport = PartnerProfile['transports'][number];
/** One inbound document: an X12 set id or a mapped CSV/XML file. */
export type InboundDocument = PartnerProfile['documents']['inbound'][number];
