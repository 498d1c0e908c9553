// kafkajs 2.2.4 re-checks an idle connection's request queue every millisecond for as long as
// the connection lives (a negative delay: Node 24 prints TimeoutNegativeWarning), about 2.5% of a
// core per connection. patches/kafkajs+2.2.4.patch stops it; this fails if the patch is not applied.
import { createRequire } from 'node:module';

const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue');
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue() {
  return new RequestQueue({
    instrumentationEmitter: { emit: () => undefined },
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:9092',
    logger: quiet,
  });
}

it('schedules no check of an idle connection, which nothing waits on', () => {
  const idle = queue();
  // What kafkajs does after every answer from the broker.
  idle.checkPendingRequests();
  expect(idle.throttleCheckTimeoutId).toBeNull();
  idle.destroy();
});

it('still checks again while the broker throttles this client', () => {
  const throttled = queue();
  throttled.throttledUntil = Date.now() + 60_000;
  throttled.checkPendingRequests();
  expect(throttled.throttleCheckTimeoutId).not.toBeNull();
  throttled.destroy();
});
