// Prometheus metrics: one registry per gateway or worker (tests run several in one process),
// served at /metrics. Counters are bumped where the thing happens; gauges that need the database
// (queue depth, oldest queued age) are read when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * What delivering events measures: kept by every process that posts to the ERP, a gateway or a
 * `dockside worker` (which serves only these, so its scrape has no gauges it cannot know).
 */
export class DeliveryMetrics {
  readonly registry = new Registry();
  /** Delivery outcomes: posted, failed (will retry), dead (dead-lettered), by connector and type. */
  readonly eventsDelivered = new Counter({
    name: 'dockside_events_delivered_total',
    help: 'Event delivery attempts by outcome (posted, failed, dead), connector and type',
    labelNames: ['outcome', 'connector', 'type'] as const,
    registers: [this.registry],
  });
  /** Seconds from the event entering the outbox to the ERP accepting it. */
  readonly deliveryLatency = new Histogram({
    name: 'dockside_event_delivery_latency_seconds',
    help: 'Seconds from outbox insert to ERP acceptance',
    labelNames: ['connector'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'dockside_' });
  }
}

/** A gateway's metrics: delivery, and files, translation, acks and the outbox. */
export class GatewayMetrics extends DeliveryMetrics {
  /** Files received, by partner and transport. */
  readonly filesReceived = new Counter({
    name: 'dockside_files_received_total',
    help: 'Files received, by partner and transport',
    labelNames: ['partner', 'transport'] as const,
    registers: [this.registry],
  });
  /** Translation errors, by partner and error code. */
  readonly translationErrors = new Counter({
    name: 'dockside_translation_errors_total',
    help: 'Translation errors, by partner and code',
    labelNames: ['partner', 'code'] as const,
    registers: [this.registry],
  });
  /** Events put in the outbox, by connector and type. */
  readonly eventsQueued = new Counter({
    name: 'dockside_events_queued_total',
    help: 'Canonical events queued for the ERP, by connector and type',
    labelNames: ['connector', 'type'] as const,
    registers: [this.registry],
  });
  /** Seconds from a file being received to its events being committed. */
  readonly translationLatency = new Histogram({
    name: 'dockside_file_to_event_latency_seconds',
    help: 'Seconds from file received to its events committed',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  /** Seconds from a file being received to its ack being delivered to the partner. */
  readonly ackLatency = new Histogram({
    name: 'dockside_file_to_ack_latency_seconds',
    help: 'Seconds from file received to its acknowledgement delivered',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'dockside_outbox_depth',
    help: 'Outbox events not yet posted or dead, by state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly oldestQueuedAge = new Gauge({
    name: 'dockside_outbox_oldest_queued_age_seconds',
    help: 'Age of the oldest event waiting for delivery',
    registers: [this.registry],
  });
}
