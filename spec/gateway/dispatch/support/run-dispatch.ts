// Start dispatch the way the gateway does, on a test database, with a metrics registry to read.
import pino from 'pino';
import { startDispatch, type Dispatch } from '../../../../gateway/dispatch';
import { loadConnectorsConfig } from '../../../../gateway/dispatch/connectors-config';
import { GatewayMetrics } from '../../../../gateway/runtime/metrics';
import type { Settings } from '../../../../gateway/runtime/settings';
import type { Store } from '../../../../gateway/store';

export async function runDispatch(
  settings: Settings,
  store: Store,
): Promise<{ dispatch: Dispatch; metrics: GatewayMetrics }> {
  const metrics = new GatewayMetrics({ defaults: false });
  const config = await loadConnectorsConfig(settings.connectorsFile);
  const dispatch = await startDispatch(
    { settings, store, logger: pino({ level: 'silent' }), metrics },
    config,
  );
  return { dispatch, metrics };
}

/** A counter's value for the given labels, read from the registry. */
export async function counterValue(
  metrics: GatewayMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
