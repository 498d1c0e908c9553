import { webApi } from '@slack/bolt';
import { ProviderTimeoutError } from '@threadline/resilience';
import { classifySlackError } from './slack-errors';

const platform = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: webApi.ErrorCode.PlatformError,
    data: { ok: false, error },
  });

describe('classifySlackError', () => {
  it('channel_not_found, not_in_channel, invalid_auth are permanent', () => {
    expect(classifySlackError(platform('channel_not_found'))).toEqual({ kind: 'permanent', reason: 'Slack: channel_not_found' });
    expect(classifySlackError(platform('not_in_channel')).kind).toBe('permanent');
    expect(classifySlackError(platform('invalid_auth')).kind).toBe('permanent');
  });

  it('Slack’s own trouble and rate limits are retried', () => {
    expect(classifySlackError(platform('internal_error')).kind).toBe('retriable');
    expect(
      classifySlackError(Object.assign(new Error('rate limited'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: 1 }))
        .kind,
    ).toBe('retriable');
    expect(classifySlackError(Object.assign(new Error('http'), { code: webApi.ErrorCode.HTTPError, statusCode: 503 })).kind).toBe(
      'retriable',
    );
    expect(classifySlackError(Object.assign(new Error('http'), { code: webApi.ErrorCode.HTTPError, statusCode: 404 })).kind).toBe(
      'permanent',
    );
  });

  it('not reached is retried; a timeout is not', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(
      classifySlackError(Object.assign(new Error('request'), { code: webApi.ErrorCode.RequestError, original: refused })).kind,
    ).toBe('retriable');
    expect(classifySlackError(new ProviderTimeoutError('slack:web-api', 100)).kind).toBe('ambiguous');
  });
});
