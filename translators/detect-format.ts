// Which translator a file goes to, from its first bytes.

export type FileFormat = 'x12' | 'xml' | 'csv';

/**
 * X12 starts with ISA (after an optional BOM and blanks), XML with '<'; anything else is
 * treated as CSV when the partner has a CSV mapping, and as X12 otherwise (so it is rejected
 * with an X12 code rather than silently ignored).
 */
export function detectFormat(head: Buffer): FileFormat | 'unknown' {
  let text = head.subarray(0, 512).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  text = text.trimStart();
  if (text.startsWith('ISA')) return 'x12';
  if (text.startsWith('<')) return 'xml';
  return 'unknown';
}
