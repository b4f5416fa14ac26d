// Scaled mode with the worker in the gateway process: the relay publishes outbox rows to BullMQ
// on the real Redis, the worker posts them. Skipped when no Redis answers.
import { spawnSync } from 'node:child_process';
import { deliveryScenarios } from './delivery-scenarios';
import { queueName, REDIS_URL } from './support/dispatch-fixture';

jest.setTimeout(240_000);

const url = new URL(REDIS_URL);
const redisUp =
  spawnSync('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', 'ping'], {
    encoding: 'utf8',
  }).stdout?.trim() === 'PONG';

if (redisUp) deliveryScenarios('BullMQ', () => ({ REDIS_URL, DOCKSIDE_QUEUE_NAME: queueName() }));
else it.skip(`BullMQ dispatch: no Redis at ${REDIS_URL}`, () => undefined);
