// Child process of dir-lock.test.ts: opens the store in the folder given as argv[2] and prints
// one JSON line: { "opened": true } or the DocksideError's code, message and context.
import { DocksideError } from '../../../../canonical/errors';
import { openStore } from '../../../../gateway/store/open-store';

async function main(): Promise<void> {
  try {
    const store = await openStore({ home: process.argv[2] });
    await store.close();
    process.stdout.write(`${JSON.stringify({ opened: true, pid: process.pid })}\n`);
  } catch (err) {
    const e = err as DocksideError;
    process.stdout.write(`${JSON.stringify({ code: e.code, message: e.message, context: e.context })}\n`);
  }
}

void main();
