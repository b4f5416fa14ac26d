// Which translator a file goes to, from its first bytes.

export type FileFormat = 'x12' | 'xml' | 'csv';

/**
 * X12 starts with ISA (after an optional BOM and blanks), XML with '<'. A first line of
 * printable text holding a delimiter (, ; tab |) is CSV. Anything else is 'unknown' and goes
 * to the X12 reader, which rejects it with a code rather than silently ignoring it.
 */
export function detectFormat(head: Buffer): FileFormat | 'unknown' {
  let text = head.subarray(0, 4096).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  text = text.trimStart();
  if (text.startsWith('ISA')) return 'x12';
  if (text.startsWith('<')) return 'xml';
  const firstLine = text.split(/\r?\n|\r/, 1)[0];
  if (firstLine.length > 0 && !/[\x00-\x08\x0b-\x1f\x7f]/.test(firstLine) && /[,;\t|]/.test(firstLine))
    return 'csv';
  return 'unknown';
}
