import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process with the platform's shared metrics.
 * Services add their own metrics to `registry`.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly eventsProduced = new Counter({
    name: 'threadline_events_produced_total',
    help: 'Events written to Kafka',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'threadline_events_consumed_total',
    help: 'Events handled by a consumer, by outcome',
    labelNames: ['topic', 'outcome'],
    registers: [this.registry],
  });

  readonly handlerSeconds = new Histogram({
    name: 'threadline_event_handler_seconds',
    help: 'Time spent handling one event',
    labelNames: ['topic'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'threadline_http_requests_total',
    help: 'HTTP requests by route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  readonly httpRequestSeconds = new Histogram({
    name: 'threadline_http_request_duration_seconds',
    help: 'Time from a request arriving to its response finished, by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Messages on a partition not yet committed by a consumer group (polled by the consumer host). */
  readonly consumerLag = new Gauge({
    name: 'threadline_kafka_consumer_lag',
    help: 'Messages behind the end of the partition: high watermark minus the group committed offset',
    labelNames: ['group', 'topic', 'partition'],
    registers: [this.registry],
  });

  /** Calls to outside providers (SMTP servers, Twilio, Meta, Slack) through their circuit breakers. */
  readonly providerCalls = new Counter({
    name: 'threadline_provider_calls_total',
    help: 'Calls to a provider by outcome: ok, failed (counts toward opening), rejected (permanent, does not), short-circuited, timeout',
    labelNames: ['provider', 'outcome'],
    registers: [this.registry],
  });

  readonly breakerState = new Gauge({
    name: 'threadline_provider_breaker_state',
    help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider'],
    registers: [this.registry],
  });

  /** Every command sent to the store (find, insert, update, …), from the driver's command monitoring. */
  readonly storeOperations = new Counter({
    name: 'threadline_store_operations_total',
    help: 'Commands sent to the store, by command name',
    labelNames: ['command'],
    registers: [this.registry],
  });

  /** Documents the store's write commands named: inserted, updated (each update statement) or deleted, by command. */
  readonly storeDocumentsWritten = new Counter({
    name: 'threadline_store_documents_written_total',
    help: 'Documents written by store commands (inserted, updated or deleted), by command name',
    labelNames: ['command'],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
