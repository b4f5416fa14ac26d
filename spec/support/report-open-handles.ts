// Jest global teardown: names what the tests left running (sockets, servers, child processes,
// timers), so a leak shows in the CI log. The config's forceExit then ends the run: a leaked
// handle once kept `npm test` alive past the CI's time limit after every test had passed.
const SETTLE_MS = 2000;

type Handle = Record<string, unknown> & { constructor?: { name?: string }; _handle?: object };

function describeHandle(h: Handle): string {
  const detail: Record<string, unknown> = {};
  for (const key of ['pid', 'spawnargs', 'localPort', 'remoteAddress', 'remotePort']) {
    if (h[key] !== undefined) detail[key] = h[key];
  }
  return `${h.constructor?.name ?? typeof h} ${JSON.stringify(detail)}`;
}

/** Handles and resource names keeping the process alive, Jest's own stdio left out. */
function leftRunning(): { handles: Handle[]; resources: string[] } {
  const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);
  const all = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();
  const resources = process.getActiveResourcesInfo();
  for (const h of all.filter((x) => stdio.has(x))) {
    const at = resources.indexOf(`${h._handle?.constructor.name}Wrap`);
    if (at >= 0) resources.splice(at, 1);
  }
  return { handles: all.filter((x) => !stdio.has(x)), resources };
}

export default async function reportOpenHandles(): Promise<void> {
  const until = Date.now() + SETTLE_MS;
  let left = leftRunning();
  while (left.resources.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = leftRunning();
  }
  if (left.resources.length === 0) return;
  process.stderr.write(
    `Tests left running: ${left.resources.join(', ')}\n` +
      left.handles.map((h) => `  ${describeHandle(h)}\n`).join(''),
  );
}
