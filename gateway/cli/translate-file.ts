// Offline translation of one file for the CLI: format detection and the partner's profile.
import { createHash } from 'node:crypto';
import type { InputFile } from './args';
import { detectFormat } from '../../translators/detect-format';
import { translateX12 } from '../../translators/x12/translate-x12';
import type { Translation } from '../../translators/translation';

export interface TranslateFileOptions {
  partner?: string | boolean;
  partners?: string | boolean;
}

/** Translate a file; `{ usage }` when the request cannot be served (e.g. CSV without a partner). */
export async function translateFile(
  input: InputFile,
  _options: TranslateFileOptions,
): Promise<Translation | { usage: string }> {
  const fileId = createHash('sha256').update(input.bytes).digest('hex');
  const format = detectFormat(input.bytes);
  if (format === 'x12' || format === 'unknown') return translateX12(input.bytes, { fileId });
  return {
    usage: `${input.path}: ${format.toUpperCase()} files need --partner ID (its profile names the mapping)`,
  };
}
