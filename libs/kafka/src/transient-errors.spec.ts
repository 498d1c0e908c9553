import { isTransientError } from './transient-errors';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name }, extra);

describe('isTransientError', () => {
  it('recognises a store or bus outage, also when wrapped', () => {
    expect(isTransientError(named('MongoServerSelectionError'))).toBe(true);
    expect(isTransientError(named('Error', { cause: named('KafkaJSConnectionError') }))).toBe(true);
    expect(isTransientError(named('KafkaJSProtocolError', { retriable: true }))).toBe(true);
  });

  it('treats everything else as a problem of the event', () => {
    expect(isTransientError(named('MongoServerError'))).toBe(false); // e.g. a validation or duplicate key error
    expect(isTransientError(named('KafkaJSProtocolError', { retriable: false }))).toBe(false);
    expect(isTransientError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
  });
});
