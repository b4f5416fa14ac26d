// Reading a large buffer without holding the event loop: the gateway's translations and views of
// partner files take their bytes in pieces, a turn of the loop apart.

/**
 * A file's bytes in pieces, with a turn of the event loop between them: translating a large
 * file (a 50 MB one takes seconds) must not stop the SFTP sessions, HTTP requests, lease
 * renewals and deliveries of the process it runs in for all that time.
 */
export async function* inTurns(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += TURN_BYTES) {
    if (at > 0) await nextTurn();
    yield bytes.subarray(at, at + TURN_BYTES);
  }
}

/** Bytes translated per turn of the event loop: tens of milliseconds of work. */
const TURN_BYTES = 512 * 1024;

/** Resolves on the next turn of the event loop, after the I/O waiting now has run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
