import { ProviderTimeoutError, ProviderUnavailableError } from '@threadline/resilience';
import { classifyGraphError, isPermanentGraphError } from './graph-errors';

/** What messaging-api-messenger throws: axios-error with the (camel-cased) Graph error body. */
const graphError = (status: number, error: Record<string, unknown> | null) =>
  Object.assign(new Error('Messenger API - ...'), {
    response: { status, data: error ? { error } : '' },
    config: { url: '/me/messages?access_token=SECRET-TOKEN' },
  });

describe('classifyGraphError', () => {
  it('a 400 OAuthException (#100) is permanent, in Meta’s words, and never shows the token', () => {
    const result = classifyGraphError(
      graphError(400, {
        message: '(#100) No matching user found',
        type: 'OAuthException',
        code: 100,
        errorSubcode: 2018001,
        fbtraceId: 'A1',
      }),
    );
    expect(result).toEqual({ kind: 'permanent', reason: 'Meta OAuthException 100/2018001: (#100) No matching user found' });
    expect(JSON.stringify(result)).not.toContain('SECRET-TOKEN');
    expect(
      isPermanentGraphError(graphError(403, { message: '(#10) outside of allowed window', type: 'OAuthException', code: 10 })),
    ).toBe(true);
  });

  it('5xx, rate limits and transient errors are retried', () => {
    expect(
      classifyGraphError(graphError(500, { message: 'An unknown error occurred', type: 'OAuthException', code: 1 })).kind,
    ).toBe('retriable');
    expect(
      classifyGraphError(
        graphError(400, { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 }),
      ).kind,
    ).toBe('retriable');
    expect(classifyGraphError(graphError(400, { message: 'x', type: 'OAuthException', code: 190, isTransient: true })).kind).toBe(
      'retriable',
    );
    expect(classifyGraphError(graphError(502, null))).toEqual({ kind: 'retriable', reason: 'Meta HTTP 502' });
  });

  it('not reached is retried; a timeout or a dropped connection is not (the message may have gone out)', () => {
    expect(classifyGraphError(new Error('connect ECONNREFUSED 127.0.0.1:9')).kind).toBe('retriable');
    expect(classifyGraphError(new ProviderUnavailableError('meta:send-api')).kind).toBe('retriable');
    expect(classifyGraphError(new ProviderTimeoutError('meta:send-api', 100)).kind).toBe('ambiguous');
    expect(classifyGraphError(new Error('socket hang up')).kind).toBe('ambiguous');
  });
});
