import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

export { SpanKind, type Context, type Span };

/**
 * Tracing through the OpenTelemetry API. Until `startTracing` (tracing-sdk.ts)
 * registers a provider, every helper here is a plain call of `fn`: a process
 * without an OTLP endpoint pays nothing for spans nobody exports.
 */
let enabled = false;

/** Called by `startTracing` once a provider and the W3C propagator are registered. */
export function markTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

const tracer = () => trace.getTracer('threadline');

export interface SpanInit {
  kind: SpanKind;
  attributes?: Attributes;
  /** The caller's context (from a Kafka message or HTTP headers); the active context when left out. */
  parent?: Context;
  /** Other traces this work belongs to (a batch of events from several traces). */
  links?: Link[];
}

/** Runs `fn` inside a span that ends when `fn` settles; a throw marks the span as failed. */
export async function inSpan<T>(name: string, init: SpanInit, fn: (span: Span | null) => Promise<T>): Promise<T> {
  if (!enabled) return fn(null);
  const span = tracer().startSpan(
    name,
    { kind: init.kind, attributes: init.attributes, links: init.links },
    init.parent ?? context.active(),
  );
  try {
    return await context.with(trace.setSpan(init.parent ?? context.active(), span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends itself (an HTTP request ends on the response's `finish`), active for `fn`. */
export function withSpan<T>(name: string, init: SpanInit, fn: (span: Span | null) => T): T {
  if (!enabled) return fn(null);
  const parent = init.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: init.kind, attributes: init.attributes, links: init.links }, parent);
  return context.with(trace.setSpan(parent, span), () => fn(span));
}

/** W3C `traceparent`/`tracestate` of the active span, to send along (HTTP headers, Kafka headers). */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (enabled) propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a caller sent in its `traceparent`/`tracestate`; the root context when there is none. */
export function traceContextFrom(headers: Record<string, string | string[] | undefined>): Context {
  if (!enabled) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** A link to the span a caller sent, for work done for several callers at once; null without one. */
export function linkTo(headers: Record<string, string | string[] | undefined>): Link | null {
  const spanContext = trace.getSpanContext(traceContextFrom(headers));
  return spanContext ? { context: spanContext } : null;
}

export function failSpan(span: Span | null, message: string): void {
  span?.setStatus({ code: SpanStatusCode.ERROR, message });
}
