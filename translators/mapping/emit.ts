// Turns a built `data` object into a validated canonical event, or into errors.
import { makeEvent, type CanonicalEvent } from '../../canonical/cloudevent';
import { validateEvent } from '../../canonical/validate';
import type { Mapping } from './mapping-schema';
import { mappingError, type MappingError } from './errors';
import type { Tables } from './transforms';

/** The caller's description of the file being translated. */
export interface TranslateContext {
  /** The partner's mapping (parsed by mappingSchema; a raw object is parsed again). */
  mapping: Mapping;
  partnerId: string;
  /** sha256 hex of the file bytes: with the record number it makes the event id. */
  fileId: string;
  fileName: string;
  /** ISO 8601 receipt time, used as the CloudEvents `time` of every event. */
  receivedAt: string;
  /** Cross-reference tables for `lookup` transforms, from the partner profile. */
  tables?: Tables;
}

/** One output of the engines: an event or an error, in file order. */
export type MappingOutput = { kind: 'event'; event: CanonicalEvent } | { kind: 'error'; error: MappingError };

/** Everything a file produced. */
export interface TranslateResult {
  events: CanonicalEvent[];
  errors: MappingError[];
}

const lookupPath = (data: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      data,
    );

/**
 * Make and validate the event of record `record` (1-based). The id is
 * eventId([partnerId, fileId, String(record)]) — DESIGN: file sha256 + record index — so the same
 * bytes always give the same ids, whatever other records failed.
 */
export function emitRecord(
  data: Record<string, unknown>,
  record: number,
  ctx: TranslateContext,
  at: { row?: number; line?: number; path?: string },
): MappingOutput[] {
  const m = ctx.mapping;
  const subjects = typeof m.subject === 'string' ? [m.subject] : m.subject;
  const parts = subjects.map((s) => lookupPath(data, s));
  const missing = subjects.filter((_, i) => parts[i] === undefined);
  if (missing.length > 0) {
    const message = `The subject field ${missing.join(', ')} is absent, so the event has no business key.`;
    return [
      {
        kind: 'error',
        error: mappingError('DS_MAP_SUBJECT_MISSING', message, ctx.fileName, { record, ...at }),
      },
    ];
  }
  const event = makeEvent({
    type: m.eventType,
    partnerId: ctx.partnerId,
    fileId: ctx.fileId,
    subject: parts.map(String).join('/'),
    time: ctx.receivedAt,
    sourceFormat: `${m.format}:${m.name}`,
    idParts: [ctx.partnerId, ctx.fileId, String(record)],
    data,
  });
  const problems = validateEvent(event);
  if (problems.length === 0) return [{ kind: 'event', event }];
  return problems.map((p) => ({
    kind: 'error',
    error: mappingError(
      'DS_MAP_EVENT_INVALID',
      `The ${m.eventType} event does not match its schema at ${p.path}: ${p.message}.`,
      ctx.fileName,
      { record, ...at, path: p.path },
    ),
  }));
}

/** Collect an output stream into events and errors. */
export function collect(
  outputs: Iterable<MappingOutput>,
  into: TranslateResult = { events: [], errors: [] },
): TranslateResult {
  for (const o of outputs) {
    if (o.kind === 'event') into.events.push(o.event);
    else into.errors.push(o.error);
  }
  return into;
}
