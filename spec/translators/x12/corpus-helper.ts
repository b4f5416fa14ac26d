// Test helper: the shared corpus (../shared/corpus beside the project), when present.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { X12Report } from '../../../translators/x12/results';

export const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'x12');
export const hasCorpus = existsSync(CORPUS);

/** Files of one corpus folder (names only); empty when the corpus is absent. */
export function corpusFiles(folder: string): string[] {
  return hasCorpus ? readdirSync(join(CORPUS, folder)).sort() : [];
}

export function readCorpus(path: string): Buffer {
  return readFileSync(join(CORPUS, path));
}

/** Every finding code in a report, with its scope. */
export function allCodes(report: X12Report): string[] {
  const codes = report.issues.map((i) => i.code as string);
  for (const ic of report.interchanges) {
    codes.push(...ic.issues.map((i) => i.code));
    for (const g of ic.groups) {
      codes.push(...g.issues.map((i) => i.code));
      for (const s of g.sets) codes.push(...s.issues.map((i) => i.code));
    }
  }
  return codes;
}
