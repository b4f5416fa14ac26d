// The mappings a profile may name: partners/mappings/<name>.yaml, each validated by the mapping module's
// own loader (parseMapping) so a broken mapping is reported at its own file:line:column.
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { parseMapping } from '../../translators/mapping/load-mapping';
import { MappingInfo, ProfileError } from './parse-profile';
import { readConfigFile } from './read-config-file';

/** Mapping infos by name, and the errors found in the mapping files. */
export interface MappingCatalog {
  mappings: Map<string, MappingInfo>;
  errors: ProfileError[];
}

/** Validate one mapping text (pure); `file` only names it in errors. */
export function checkMappingText(text: string, file: string): { info: MappingInfo; errors: ProfileError[] } {
  const parsed = parseMapping(text, file);
  if (parsed.errors) {
    const errors = parsed.errors.map((e) => ({ ...e, code: 'DS_CONFIG_INVALID_MAPPING' }));
    return { info: { file, valid: false }, errors };
  }
  const { mapping } = parsed;
  return {
    info: { file, valid: true, format: mapping.format, lookups: lookupTables(mapping), mapping },
    errors: [],
  };
}

/** Read every `*.yaml` / `*.yml` in `dir`, links included; a missing folder is an empty catalog (no mappings yet). */
export async function loadMappingCatalog(dir: string): Promise<MappingCatalog> {
  const catalog: MappingCatalog = { mappings: new Map(), errors: [] };
  let names: string[];
  try {
    // By name only: a mapping may be a symbolic link, and anything else named *.yaml is an error.
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name) && !name.startsWith('.')).sort();
  } catch {
    return catalog;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const read = await readConfigFile(file);
    // Catalogued even when unreadable: a profile naming it then says it has errors, not that it is unknown.
    const { info, errors } =
      'error' in read
        ? { info: { file, valid: false }, errors: [read.error] }
        : checkMappingText(read.text, file);
    catalog.mappings.set(name.replace(/\.ya?ml$/, ''), info);
    catalog.errors.push(...errors);
  }
  return catalog;
}

// `{ lookup: NAME }` transforms may sit at any depth of the field rules.
function lookupTables(mapping: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const lookup = (value as { lookup?: unknown }).lookup;
      if (typeof lookup === 'string') found.add(lookup);
      Object.values(value).forEach(visit);
    }
  };
  visit(mapping);
  return [...found].sort();
}
