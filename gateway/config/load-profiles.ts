// The file-I/O half of profile loading: every profile in a folder, checked alone and against each other.
import type { Mapping } from '../../translators/mapping/mapping-schema';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { findCrossProfileConflicts } from './cross-checks';
import { loadMappingCatalog } from './mapping-catalog';
import { parseProfileText, ParsedProfile, ProfileError } from './parse-profile';
import { PartnerProfile } from './profile-schema';
import { readConfigFile } from './read-config-file';
import { byPosition } from './yaml-source';

export { findPartner, findPartnerByIsa } from './find-partner';
export type { ProfileError } from './parse-profile';

/** Valid profiles, and every error found in the folder (profiles and the mappings they name). */
export interface LoadProfilesResult {
  profiles: PartnerProfile[];
  errors: ProfileError[];
  /** The valid mappings of `mappings/`, by name: translations use these, never the files directly. */
  mappings: ReadonlyMap<string, Mapping>;
}

/** True for a file name that holds a profile: `*.yaml` / `*.yml`, not hidden. */
export function isProfileFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.');
}

/**
 * Load every profile in `dir` (not recursive: `dir/mappings/` holds mappings, validated here too).
 * A file with any error, or that conflicts with an earlier file (by name order), yields no profile.
 * Never throws for bad content; an unreadable folder is one DS_CONFIG_READ_FAILED error, and each file
 * that cannot be read (a dangling link, not a regular file, over MAX_CONFIG_FILE_BYTES) is one error.
 */
export async function loadProfiles(dir: string): Promise<LoadProfilesResult> {
  let names: string[];
  try {
    // By name only: a profile may be a symbolic link, and anything else named *.yaml is an error.
    names = (await readdir(dir)).filter(isProfileFileName).sort();
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
    const message = `cannot read the partner profile folder (${reason})`;
    return {
      profiles: [],
      errors: [{ file: dir, line: 1, column: 1, message, code: 'DS_CONFIG_READ_FAILED' }],
      mappings: new Map(),
    };
  }

  const mappingsDir = path.join(dir, 'mappings');
  const catalog = await loadMappingCatalog(mappingsDir);
  const parsed: ParsedProfile[] = [];
  const errors: ProfileError[] = [...catalog.errors];
  for (const name of names) {
    const file = path.join(dir, name);
    const read = await readConfigFile(file);
    if ('error' in read) {
      errors.push(read.error);
      continue;
    }
    const result = parseProfileText(read.text, file, {
      mappings: catalog.mappings,
      mappingsDir: `${mappingsDir}/`,
    });
    parsed.push(result);
    errors.push(...result.errors);
  }

  const conflicts = findCrossProfileConflicts(parsed);
  errors.push(...conflicts);
  const rejected = new Set(conflicts.map((e) => e.file));
  const profiles = parsed.filter((p) => p.profile && !rejected.has(p.file)).map((p) => p.profile!);
  const mappings = new Map<string, Mapping>();
  for (const [name, info] of catalog.mappings) if (info.mapping) mappings.set(name, info.mapping);
  return {
    profiles,
    errors: errors.sort((a, b) => a.file.localeCompare(b.file) || byPosition(a, b)),
    mappings,
  };
}
