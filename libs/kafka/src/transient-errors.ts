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
]);

/**
 * The embedded store is FerretDB in front of PostgreSQL: while PostgreSQL is down or restarting,
 * FerretDB itself answers, with an InternalError (code 1) that quotes the PostgreSQL driver.
 */
const BACKEND_OUTAGE =
  /failed to connect to|conn closed|unexpected EOF|connection reset|broken pipe|SQLSTATE (08|57P0[1-3])|the database system is (starting up|shutting down|in recovery mode)/;

function isStoreBackendOutage(e: { name?: string; code?: unknown; message?: unknown }): boolean {
  return e.name === 'MongoServerError' && e.code === 1 && typeof e.message === 'string' && BACKEND_OUTAGE.test(e.message);
}

export function isTransientError(error: unknown): boolean {
  for (
    let e = error as { name?: string; retriable?: boolean; cause?: unknown; code?: unknown; message?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.name && TRANSIENT_ERROR_NAMES.has(e.name)) return true;
    if (isStoreBackendOutage(e)) return true;
    if (e.name?.startsWith('KafkaJS') && e.retriable === true) return true;
  }
  return false;
}
