// The pure half of profile loading: one YAML text in, a validated profile or positioned errors out.
import type { Mapping } from '../../translators/mapping/mapping-schema';
import { formatPath } from './field-path';
import { findInlineSecrets } from './inline-secrets';
import { FieldFinding } from './issue-message';
import { PartnerProfile, profileSchema } from './profile-schema';
import { findingsFromIssues, positionFindings, ProfileError, readYamlSource } from './yaml-source';
import { FieldPath, SourcePos } from './yaml-positions';

export type { ProfileError } from './yaml-source';

/** What the loader knows about one mapping file in partners/mappings/. */
export interface MappingInfo {
  /** The mapping file, for messages. */
  file: string;
  /** False when the mapping file itself failed validation (its own errors are reported separately). */
  valid: boolean;
  /** The mapping's input format (when valid). */
  format?: 'csv' | 'xml';
  /** Cross-reference tables the mapping looks up (when valid). */
  lookups?: string[];
  /** The mapping itself (when valid): what translations use, so they see the checked version. */
  mapping?: Mapping;
}

/** Options of `parseProfileText`. */
export interface ParseProfileOptions {
  /** Mappings by name; when given, every `{ format, mapping }` document must name a fitting one. */
  mappings?: ReadonlyMap<string, MappingInfo>;
  /** Folder of the mappings, for messages (default `partners/mappings/`). */
  mappingsDir?: string;
}

/** The outcome for one file: the profile when there were no errors, and a locator for later checks. */
export interface ParsedProfile {
  file: string;
  profile?: PartnerProfile;
  errors: ProfileError[];
  /** Position of a field path in this file (cross-file checks use it to point at the duplicate). */
  locate(path: FieldPath): SourcePos;
}

/** Parse and validate one profile text; `file` only names it in errors. Never throws. */
export function parseProfileText(
  text: string,
  file: string,
  options: ParseProfileOptions = {},
): ParsedProfile {
  const source = readYamlSource(text, file);
  const done = (errors: ProfileError[], profile?: PartnerProfile): ParsedProfile => ({
    file,
    profile,
    errors,
    locate: (path) => source.locator.locate(path),
  });
  if (source.errors.length > 0) return done(source.errors);

  const data = source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const message = 'a profile must be a YAML map of fields (id, name, role, documents, transports, …)';
    return done(positionFindings([{ path: [], message, code: 'DS_CONFIG_INVALID_VALUE' }], source));
  }

  const findings: FieldFinding[] = findInlineSecrets(data);
  const secretPaths = findings.map((f) => f.path);
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    for (const finding of findingsFromIssues(parsed.error.issues, source)) {
      // The inline-secret finding already says what is wrong with that field, more plainly.
      if (!secretPaths.some((p) => startsWith(finding.path, p))) findings.push(finding);
    }
  }
  if (options.mappings) findings.push(...checkMappings(data, options.mappings, options.mappingsDir));

  const errors = positionFindings(findings, source);
  return done(errors, errors.length === 0 && parsed.success ? parsed.data : undefined);
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

// Works on the raw data so a misspelt mapping is reported even when other fields are wrong too.
function checkMappings(
  data: object,
  mappings: ReadonlyMap<string, MappingInfo>,
  mappingsDir = 'partners/mappings/',
): FieldFinding[] {
  const { documents, crossReference } = data as {
    documents?: { inbound?: unknown };
    crossReference?: unknown;
  };
  const inbound = documents?.inbound;
  if (!Array.isArray(inbound)) return [];
  const tables = crossReference !== null && typeof crossReference === 'object' ? crossReference : {};
  const findings: FieldFinding[] = [];
  inbound.forEach((doc: unknown, i) => {
    if (doc === null || typeof doc !== 'object') return;
    const { mapping, format } = doc as { mapping?: unknown; format?: unknown };
    if (typeof mapping !== 'string') return;
    const path = ['documents', 'inbound', i, 'mapping'];
    const where = formatPath(path);
    const info = mappings.get(mapping);
    const add = (message: string, code: FieldFinding['code']) => findings.push({ path, message, code });
    if (!info) {
      const known = [...mappings.keys()].sort();
      const hint = known.length ? ` (known: ${known.join(', ')})` : '';
      add(
        `${where} names an unknown mapping "${mapping}": no ${mapping}.yaml in ${mappingsDir}${hint}`,
        'DS_CONFIG_UNKNOWN_MAPPING',
      );
    } else if (!info.valid) {
      add(
        `${where} names mapping "${mapping}", which has errors (see ${info.file})`,
        'DS_CONFIG_INVALID_MAPPING',
      );
    } else if (info.format && typeof format === 'string' && info.format !== format) {
      add(
        `${where} names mapping "${mapping}", which reads ${info.format}, but format is ${format}`,
        'DS_CONFIG_INVALID_MAPPING',
      );
    } else {
      for (const table of info.lookups ?? []) {
        // Own keys only: `in` would take an inherited name such as `toString` for a table.
        if (!Object.hasOwn(tables, table)) {
          add(
            `${where} names mapping "${mapping}", which looks up table "${table}": add crossReference.${table}`,
            'DS_CONFIG_UNKNOWN_LOOKUP_TABLE',
          );
        }
      }
    }
  });
  return findings;
}
