import { inSpan, SpanKind, traceContextFrom, traceHeaders, tracingEnabled } from './tracing';
import { startTracing } from './tracing-sdk';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

it('costs nothing without an OTLP endpoint: no provider, no spans, no headers sent along', async () => {
  expect(startTracing('spec', undefined)).toBeNull();
  expect(tracingEnabled()).toBe(false);
  const seen = await inSpan('work', { kind: SpanKind.INTERNAL }, async (span) => ({ span, headers: traceHeaders() }));
  expect(seen).toEqual({ span: null, headers: {} });
});

it('with an endpoint, sends the active span as a W3C traceparent and continues the trace a caller sent', async () => {
  const exports: string[] = [];
  const collector = createServer((req, res) => {
    exports.push(`${req.method} ${req.url}`);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const tracing = startTracing('spec', `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`);
  try {
    const outer = await inSpan('webhook', { kind: SpanKind.SERVER }, async () => traceHeaders());
    expect(outer.traceparent).toMatch(TRACEPARENT);
    const [, traceId, parentId] = TRACEPARENT.exec(outer.traceparent)!;

    const inner = await inSpan('consume', { kind: SpanKind.CONSUMER, parent: traceContextFrom(outer) }, async (span) => ({
      spanContext: span!.spanContext(),
      headers: traceHeaders(),
    }));
    expect(inner.spanContext.traceId).toBe(traceId);
    expect(inner.spanContext.spanId).not.toBe(parentId);
    expect(inner.headers.traceparent).toBe(`00-${traceId}-${inner.spanContext.spanId}-01`);
    // A message without a traceparent starts a trace of its own.
    expect(trace.getSpanContext(traceContextFrom({}))).toBeUndefined();
  } finally {
    await tracing?.shutdown();
    collector.close();
  }
  expect(exports).toContain('POST /v1/traces');
  expect(tracingEnabled()).toBe(false);
});
