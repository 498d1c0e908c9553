/**
 * Failures of a dependency rather than of the event: the store or the bus is
 * unreachable or slow. Retrying later will succeed, so such an event is never
 * dead-lettered; the consumer keeps retrying it (the partition waits) and
 * reports itself degraded meanwhile.
 */
const TRANSIENT_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  // Another service's internal API that did not answer or failed (5xx): the event is fine.
  'DependencyUnavailableError',
]);

export function isTransientError(error: unknown): boolean {
  for (let e = error as { name?: string; retriable?: boolean; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name && TRANSIENT_ERROR_NAMES.has(e.name)) return true;
    if (e.name?.startsWith('KafkaJS') && e.retriable === true) return true;
  }
  return false;
}
