import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
