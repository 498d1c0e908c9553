import { isTransientError } from './transient-errors';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name }, extra);

describe('isTransientError', () => {
  it('recognises a store or bus outage, also when wrapped', () => {
    expect(isTransientError(named('MongoServerSelectionError'))).toBe(true);
    expect(isTransientError(named('Error', { cause: named('KafkaJSConnectionError') }))).toBe(true);
    expect(isTransientError(named('KafkaJSProtocolError', { retriable: true }))).toBe(true);
  });

  it('recognises the embedded store answering while its PostgreSQL is down or restarting', () => {
    const ferretdb = (message: string) => Object.assign(new Error(message), { name: 'MongoServerError', code: 1 });
    expect(
      isTransientError(
        ferretdb('[msg_insert.go:168] failed to connect to `user=postgres database=ferretdb`: dial error: connection refused'),
      ),
    ).toBe(true);
    expect(isTransientError(ferretdb('FATAL: the database system is starting up (SQLSTATE 57P03)'))).toBe(true);
    expect(isTransientError(ferretdb('terminating connection due to administrator command (SQLSTATE 57P01)'))).toBe(true);
    // The same code for a problem of the request itself stays the event's problem.
    expect(isTransientError(ferretdb('[msg_update.go:80] unsupported operator $foo'))).toBe(false);
  });

  it('treats everything else as a problem of the event', () => {
    expect(isTransientError(named('MongoServerError'))).toBe(false); // e.g. a validation or duplicate key error
    expect(isTransientError(named('KafkaJSProtocolError', { retriable: false }))).toBe(false);
    expect(isTransientError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
  });
});
