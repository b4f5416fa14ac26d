// The ERP connectors file (DOCKSIDE_CONNECTORS): named connectors and their retry policy,
// validated once at start. Without the file, one `file` connector named "default" writes
// <home>/erp/events.jsonl (the demo set-up).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DocksideError } from '../../canonical/errors';
import { secretRefSchema } from '../config/profile-schema';
import { findingsFromIssues, positionFindings, readYamlSource } from '../config/yaml-source';

const retryFields = {
  /** Attempts before the event is dead-lettered. */
  maxAttempts: z.number().int().min(1).max(1000),
  initialDelayMs: z.number().int().min(1),
  maxDelayMs: z.number().int().min(1),
};
/**
 * Retries span hours: with these, an event is dead-lettered only after the ERP has failed it for
 * at least 2.5 hours (5 at most, by the jitter), so an ERP that is down for an hour or two gets
 * every event once it is back.
 */
export const RETRY_DEFAULTS = { maxAttempts: 40, initialDelayMs: 1000, maxDelayMs: 600_000 };
const retrySchema = z.strictObject({
  maxAttempts: retryFields.maxAttempts.default(RETRY_DEFAULTS.maxAttempts),
  initialDelayMs: retryFields.initialDelayMs.default(RETRY_DEFAULTS.initialDelayMs),
  maxDelayMs: retryFields.maxDelayMs.default(RETRY_DEFAULTS.maxDelayMs),
});
// A connector's own retry settings: no defaults, so what it leaves out comes from the global policy.
const retryOverride = z.strictObject(retryFields).partial();

const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** HMAC-SHA256 key for the signature header. */
  secret: secretRefSchema.optional(),
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  headers: z.record(z.string(), z.string()).optional(),
  tls: z
    .strictObject({
      /** PEM CA bundle for a private ERP certificate authority (file:path). */
      ca: secretRefSchema.optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
  retry: retryOverride.optional(),
});

const fileSchema = z.strictObject({
  type: z.literal('file'),
  /** JSON lines file, relative to the data folder. */
  path: z.string().min(1).default('erp/events.jsonl'),
  retry: retryOverride.optional(),
});

const connectorName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case');

const configSchema = z.strictObject({
  connectors: z.record(connectorName, z.discriminatedUnion('type', [webhookSchema, fileSchema])),
  retry: retrySchema.default(RETRY_DEFAULTS),
});

export type RetryPolicy = z.output<typeof retrySchema>;
export type WebhookConnectorConfig = z.output<typeof webhookSchema>;
export type FileConnectorConfig = z.output<typeof fileSchema>;
export type ConnectorConfig = WebhookConnectorConfig | FileConnectorConfig;

/** Connectors by name, each with its retry policy resolved. */
export interface ConnectorsConfig {
  readonly connectors: ReadonlyMap<string, ConnectorConfig>;
  retryFor(name: string): RetryPolicy;
}

/** A configured connector as ops see it: no URL, path or secret. */
export interface ConnectorSummary {
  readonly name: string;
  readonly type: ConnectorConfig['type'];
}

/** The configured connectors, by name. */
export function connectorSummaries(config: ConnectorsConfig): ConnectorSummary[] {
  return [...config.connectors]
    .map(([name, c]) => ({ name, type: c.type }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Parse connectors YAML; every problem comes back as one DS_CONFIG_INVALID_VALUE with file:line. */
export function parseConnectorsConfig(text: string, file: string): ConnectorsConfig {
  const source = readYamlSource(text, file);
  const fail = (lines: string[]) => {
    throw new DocksideError('DS_CONFIG_INVALID_VALUE', `connectors file is invalid:\n${lines.join('\n')}`, {
      file,
    });
  };
  if (source.errors.length > 0)
    fail(source.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`));
  const parsed = configSchema.safeParse(source.data);
  if (!parsed.success) {
    fail(
      positionFindings(findingsFromIssues(parsed.error.issues, source), source).map(
        (e) => `${e.file}:${e.line}:${e.column} ${e.message}`,
      ),
    );
  }
  return build(parsed.data!);
}

/** Read DOCKSIDE_CONNECTORS, or the demo default when no file is configured. */
export async function loadConnectorsConfig(file: string | undefined): Promise<ConnectorsConfig> {
  if (!file) return build(configSchema.parse({ connectors: { default: { type: 'file' } } }));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DocksideError(
      'DS_CONFIG_READ_FAILED',
      `cannot read the connectors file ${file} (${(cause as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      { file },
    );
  }
  return parseConnectorsConfig(text, file);
}

function build(config: z.output<typeof configSchema>): ConnectorsConfig {
  const connectors = new Map(Object.entries(config.connectors));
  return {
    connectors,
    retryFor: (name) => ({ ...config.retry, ...connectors.get(name)?.retry }),
  };
}
