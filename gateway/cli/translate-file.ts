// Offline translation of one file for the CLI: profiles from --partners (default ./partners),
// the partner from --partner or, for X12, from the ISA sender.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { InputFile } from './args';
import type { Translation } from '../../translators/translation';
import { loadProfiles, findPartner } from '../config/load-profiles';
import { translatePartnerFile } from '../partner-translation';

export interface TranslateFileOptions {
  partner?: string | boolean;
  partners?: string | boolean;
}

/** Translate a file; `{ usage }` when the request cannot be served (unknown partner, CSV without one). */
export async function translateFile(
  input: InputFile,
  options: TranslateFileOptions,
): Promise<Translation | { usage: string }> {
  const dir = typeof options.partners === 'string' ? options.partners : 'partners';
  const partnerId = typeof options.partner === 'string' ? options.partner : undefined;
  if (typeof options.partners === 'string' && !existsSync(dir)) return { usage: `no partner folder ${dir}` };
  const { profiles, errors, mappings } = existsSync(dir)
    ? await loadProfiles(dir)
    : { profiles: [], errors: [], mappings: new Map() };
  const partner = partnerId !== undefined ? findPartner(profiles, partnerId) : undefined;
  if (partnerId !== undefined && !partner) {
    const broken = errors.filter((e) => path.basename(e.file).replace(/\.ya?ml$/, '') === partnerId);
    const why =
      broken.length > 0
        ? `: ${broken.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('; ')}`
        : '';
    return { usage: `no valid profile for partner "${partnerId}" in ${dir}${why}` };
  }
  const { mtime } = await stat(input.path);
  const outcome = await translatePartnerFile(
    {
      name: path.basename(input.path),
      bytes: input.bytes,
      fileId: createHash('sha256').update(input.bytes).digest('hex'),
      receivedAt: mtime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    { profiles, profilesDir: dir, mappings, partner },
  );
  return 'unroutable' in outcome ? { usage: outcome.unroutable } : outcome;
}
