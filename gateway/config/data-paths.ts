// Where relative paths in a profile (drop-zone folders, file: secret references) point.
import * as path from 'node:path';

/**
 * Resolve a profile path against the data folder: absolute paths stay as written, relative ones
 * (`dropzones/northwind/inbound`) land under `dataDir`. The schema already refuses `..` segments.
 */
export function resolveDataPath(dataDir: string, profilePath: string): string {
  return path.isAbsolute(profilePath) ? path.normalize(profilePath) : path.resolve(dataDir, profilePath);
}
