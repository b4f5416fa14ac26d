// What the dispatch tests share: canonical events in bulk, a connectors file aimed at a mock
// ERP, settings for a test gateway, and polling.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, type Settings } from '../../../../gateway/runtime/settings';
import type { Store } from '../../../../gateway/store';
import type { TestDatabase } from '../../store/support/backends';
import { TEST_DATABASE_URL } from '../../store/support/backends';

export const SECRET = 'test-webhook-secret';
export const REDIS_URL = process.env.DOCKSIDE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the test Redis answers (tests that need it skip otherwise). */
export const REDIS_UP =
  spawnSync('redis-cli', ['-u', REDIS_URL, 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';

/** Write a connectors file: one webhook connector "default" to `url`, fast retries for tests. */
export function writeConnectors(
  home: string,
  url: string,
  retry = { maxAttempts: 100, initialDelayMs: 200, maxDelayMs: 2000 },
): string {
  const file = join(home, 'connectors.yaml');
  writeFileSync(
    file,
    [
      'connectors:',
      '  default:',
      '    type: webhook',
      `    url: ${url}/events`,
      '    secret: env:DOCKSIDE_TEST_ERP_SECRET',
      '    timeoutMs: 5000',
      'retry:',
      `  maxAttempts: ${retry.maxAttempts}`,
      `  initialDelayMs: ${retry.initialDelayMs}`,
      `  maxDelayMs: ${retry.maxDelayMs}`,
      '',
    ].join('\n'),
  );
  process.env.DOCKSIDE_TEST_ERP_SECRET = SECRET;
  return file;
}

/** Settings for a dispatch under test on `db`. */
export function dispatchSettings(db: TestDatabase, env: Record<string, string> = {}): Settings {
  return readSettings({
    DOCKSIDE_HOME: db.home,
    LOG_LEVEL: 'silent',
    ...(db.schema && { DATABASE_URL: TEST_DATABASE_URL, DOCKSIDE_DB_SCHEMA: db.schema }),
    ...env,
  });
}

/** Poll `check` until it returns true; fails after `ms`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Tell the mock ERP how to fail. */
export async function control(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`mock ERP /control answered ${res.status}`);
}

/** A unique BullMQ queue name, so test files sharing the Redis never see each other's jobs. */
export function queueName(): string {
  return `dockside-test-${randomBytes(6).toString('hex')}`;
}

/** Wait until nothing waits in the outbox; resolves to the counts of every state but posted. */
export async function settledOutbox(store: Store): Promise<Record<string, number>> {
  await until(async () => (await store.queries.stats([])).queueDepth === 0, 30_000, 'outbox settled');
  const { queued, delivering, failed, dead } = (await store.queries.stats([])).outbox;
  return { queued, delivering, failed, dead };
}
