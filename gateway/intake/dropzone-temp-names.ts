// Which file names are "still being written" by convention. Shared by the drop-zone watcher and the
// remote poller: both must never hand over a file that its writer has not yet renamed into place.

/**
 * Suffixes that uploaders use while a file is incomplete: our own `.part` (see sftp-push.ts),
 * `.tmp`, and WinSCP's `.filepart` (its default for resumable uploads).
 */
const TEMP_SUFFIXES = ['.part', '.tmp', '.filepart'];

/**
 * True when `name` (a base name, no folder) is a temporary or hidden name that must be ignored until
 * it is renamed: dotfiles (this covers `.~lock` files and `.<name>.part`), `*.part`, `*.tmp`,
 * `*.filepart`, and Office's `~$` owner files.
 */
export function isTempName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return true;
  const lower = name.toLowerCase();
  return TEMP_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
