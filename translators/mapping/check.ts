// Engines accept a mapping from any caller; re-checking it once per file turns a bad or
// un-defaulted mapping into an error instead of a crash deep in the engine.
import { mappingSchema, type Mapping } from './mapping-schema';
import { mappingError, type MappingError } from './errors';

/** Parse `mapping` (idempotent for an already-parsed one) and check it is for `format`. */
export function checkMapping(
  mapping: unknown,
  format: 'csv' | 'xml',
  file: string,
): { ok: true; mapping: Mapping } | { ok: false; errors: MappingError[] } {
  const r = mappingSchema.safeParse(mapping);
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) =>
        mappingError(
          'DS_MAP_MAPPING_INVALID',
          `The mapping is invalid at ${i.path.join('.') || '(root)'}: ${i.message}.`,
          file,
          {
            path: i.path.join('.'),
          },
        ),
      ),
    };
  }
  if (r.data.format !== format) {
    const msg = `The mapping "${r.data.name}" is for ${r.data.format}, not ${format}.`;
    return { ok: false, errors: [mappingError('DS_MAP_MAPPING_INVALID', msg, file)] };
  }
  return { ok: true, mapping: r.data };
}
