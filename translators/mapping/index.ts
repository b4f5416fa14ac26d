// The CSV/XML mapping engine: partner files → canonical events, driven by a declarative mapping.
import { Readable } from 'node:stream';
import { translateCsv } from './csv-engine';
import { translateXml } from './xml-engine';
import type { TranslateContext, TranslateResult } from './emit';

export { mappingSchema, mappingJsonSchema } from './mapping-schema';
export type {
  Mapping,
  CsvMapping,
  XmlMapping,
  MappingInput,
  FieldRule,
  Collection,
  Transform,
} from './mapping-schema';
export { streamCsv, translateCsv } from './csv-engine';
export { translateXml, xmlOutputs } from './xml-engine';
export { parseMapping, formatLoadError, type MappingLoadError } from './load-mapping';
export { MAPPING_ERROR_CODES, type MappingError, type MappingErrorCode } from './errors';
export type { TranslateContext, TranslateResult, MappingOutput } from './emit';
export type { Tables } from './transforms';

/** Translate a partner file with its mapping (CSV streamed from `input`; XML read whole). Never throws. */
export async function translateMapped(
  input: Buffer | Readable,
  ctx: TranslateContext,
): Promise<TranslateResult> {
  if (ctx.mapping?.format === 'xml') {
    if (Buffer.isBuffer(input)) return translateXml(input, ctx);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const c of input) {
        chunks.push(Buffer.from(c as Buffer));
        size += (c as Buffer).length;
        // Stop buffering once past the limit: translateXml will refuse it by size anyway.
        if (size > ctx.mapping.xml.maxBytes) break;
      }
    } catch (e) {
      const error = {
        code: 'DS_MAP_INPUT_ERROR' as const,
        message: `Reading the file failed: ${(e as Error).message}`,
        file: ctx.fileName,
      };
      return { events: [], errors: [error] };
    }
    return translateXml(Buffer.concat(chunks), ctx);
  }
  return translateCsv(Buffer.isBuffer(input) ? Readable.from([input]) : input, ctx);
}
