import twilio from 'twilio';
import { ProviderTimeoutError, ProviderUnavailableError } from '@threadline/resilience';
import { classifySendError, isPermanentSendError } from './twilio-errors';

const rest = (statusCode: number, body: object | null) =>
  new twilio.RestException({ statusCode, body: body ? JSON.stringify(body) : '' });

describe('classifySendError', () => {
  it('a 400 such as 21211 (invalid To) is permanent, with Twilio’s words as the reason', () => {
    const error = rest(400, { code: 21211, message: "The 'To' number +4812 is not a valid phone number.", status: 400 });
    expect(classifySendError(error)).toEqual({
      kind: 'permanent',
      reason: "Twilio 21211: The 'To' number +4812 is not a valid phone number.",
    });
    expect(isPermanentSendError(error)).toBe(true);
  });

  it('5xx and 429 are Twilio failing: retried', () => {
    expect(classifySendError(rest(503, null)).kind).toBe('retriable');
    expect(classifySendError(rest(429, { code: 20429, message: 'Too Many Requests' })).kind).toBe('retriable');
    expect(isPermanentSendError(rest(500, null))).toBe(false);
  });

  it('an open circuit or a refused connection never reached Twilio: retried', () => {
    expect(classifySendError(new ProviderUnavailableError('twilio')).kind).toBe('retriable');
    expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('retriable');
  });

  it('a timeout or a connection dropped mid-way may have sent the SMS: not retried', () => {
    expect(classifySendError(new ProviderTimeoutError('twilio', 100)).kind).toBe('ambiguous');
    expect(classifySendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe('ambiguous');
  });
});
