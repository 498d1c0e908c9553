import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { markTracingEnabled } from './tracing';

export interface Tracing {
  /** Exports the spans still queued and stops; call on shutdown. */
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

/**
 * Exports spans over OTLP/HTTP to `endpoint` (a collector's base URL, as in
 * OTEL_EXPORTER_OTLP_ENDPOINT; spans go to `<endpoint>/v1/traces`), with the
 * W3C trace context propagated in HTTP and Kafka headers. Without an endpoint
 * nothing is registered and tracing costs nothing. Once per process: the
 * first caller names the service (tests run several services in one process;
 * spans also carry `threadline.service`).
 */
export function startTracing(serviceName: string, endpoint: string | undefined): Tracing | null {
  if (!endpoint) return null;
  if (started) return started;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  markTracingEnabled(true);
  const tracing: Tracing = {
    shutdown: async () => {
      if (started !== tracing) return;
      started = null;
      markTracingEnabled(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  started = tracing;
  return tracing;
}
