import type { KafkaMessage } from 'kafkajs';
import { inSpan, linkTo, SpanKind, traceContextFrom, traceHeaders, tracingEnabled } from '@threadline/observability';
import { headersToStrings } from './headers';

/**
 * Trace context across Kafka (W3C `traceparent` in message headers): the
 * publisher's span is the parent of the consumer's, so one trace follows a
 * contact from the webhook through every service it reaches. Near-free when
 * tracing is off (no exporter configured): no spans, no headers.
 */

const messaging = (topic: string) => ({ 'messaging.system': 'kafka', 'messaging.destination.name': topic });

/** Runs `send` in a producer span; `send` gets the headers that carry the span's context. */
export function publishSpan<T>(
  service: string,
  topic: string,
  eventType: string,
  send: (traceHeaders: Record<string, string>) => Promise<T>,
): Promise<T> {
  return inSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...messaging(topic),
        'messaging.operation.type': 'send',
        'threadline.service': service,
        'threadline.event.type': eventType,
      },
    },
    () => send(traceHeaders()),
  );
}

export interface ConsumedFrom {
  service: string;
  groupId: string;
  topic: string;
  partition: number;
}

const consumerAttributes = (from: ConsumedFrom) => ({
  ...messaging(from.topic),
  'messaging.operation.type': 'process',
  'messaging.consumer.group.name': from.groupId,
  'messaging.destination.partition.id': String(from.partition),
  'threadline.service': from.service,
});

/** Handles one event in a consumer span, the child of the span that published it. */
export function consumeSpan<T>(
  from: ConsumedFrom,
  message: KafkaMessage,
  eventType: string,
  handle: () => Promise<T>,
): Promise<T> {
  // Tracing off: not even the headers are read (a replay handles millions of events).
  if (!tracingEnabled()) return handle();
  return inSpan(
    `${from.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: traceContextFrom(headersToStrings(message.headers)),
      attributes: {
        ...consumerAttributes(from),
        'messaging.kafka.offset': Number(message.offset),
        'threadline.event.type': eventType,
      },
    },
    handle,
  );
}

/**
 * Handles a run of events in one consumer span. A run of one event continues
 * its trace; a longer run starts its own trace linked to every event's
 * (OpenTelemetry's rule for batch receives), as its writes serve them all.
 */
export function consumeBatchSpan<T>(
  from: ConsumedFrom,
  run: { message: KafkaMessage; event: { type: string } }[],
  handle: () => Promise<T>,
): Promise<T> {
  // Tracing off: no links made from every event's headers (thousands per batch in a replay).
  if (!tracingEnabled()) return handle();
  if (run.length === 1) return consumeSpan(from, run[0].message, run[0].event.type, handle);
  const links = run.map(({ message }) => linkTo(headersToStrings(message.headers))).filter((l) => l !== null);
  return inSpan(
    `${from.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: { ...consumerAttributes(from), 'messaging.batch.message_count': run.length },
    },
    handle,
  );
}
