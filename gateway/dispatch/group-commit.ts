// Group commit: items that arrive while one batch is being written wait and go together in the
// next batch, so a burst costs one fsync or one transaction per batch instead of one per item,
// and a lone item is written after one turn of the event loop (no timer).

export interface GroupCommit<T, R> {
  /** Queue `item`; resolves with its result once its batch is written (rejects if the batch failed). */
  push(item: T): Promise<R>;
  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void>;
}

/** `write` gets a batch and answers one result per item, in order. */
export function groupCommit<T, R>(
  write: (items: readonly T[]) => Promise<readonly R[]>,
  maxBatch = 500,
): GroupCommit<T, R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      // Let pending I/O callbacks (answers of other deliveries) queue their items first: a
      // database that works on the main thread (PGlite) would otherwise get batches of one.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
  }

  function start(): void {
    if (running) return;
    running = drain().finally(() => {
      running = undefined;
      if (queue.length > 0) start();
    });
  }

  return {
    push: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        start();
      }),
    async idle() {
      while (running) await running;
    },
  };
}
