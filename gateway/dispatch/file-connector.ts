// The file connector: one JSON line per event appended to a file and fsync'd before the event
// counts as posted; a burst of deliveries shares one write and one fsync (group commit). The
// file is at-least-once: a crash between the fsync and the outbox update writes the line again
// on redelivery, so readers dedupe on the event id, as an ERP would.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { Connector, Delivery, DeliveryResult } from './connector';
import { groupCommit } from './group-commit';

export function fileConnector(name: string, file: string): Connector {
  let handle: Promise<FileHandle> | undefined;
  const openFile = () =>
    (handle ??= mkdir(path.dirname(file), { recursive: true }).then(() => open(file, 'a')));

  const lines = groupCommit<string, DeliveryResult>(async (batch) => {
    try {
      const fh = await openFile();
      await fh.appendFile(batch.join(''));
      await fh.datasync();
      return batch.map(() => ({ outcome: 'posted' }));
    } catch (e) {
      handle = undefined;
      return batch.map(() => ({ outcome: 'retry', error: `${file}: ${(e as Error).message}` }));
    }
  });

  return {
    name,
    deliver: (event: Delivery) => lines.push(`${JSON.stringify(event.payload)}\n`),
    async close() {
      await lines.idle();
      await (await handle)?.close().catch(() => undefined);
      handle = undefined;
    },
  };
}
