import { webApi } from '@slack/bolt';
import {
  classifyNetworkError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  type ClassifiedSendError,
} from '@threadline/resilience';

/** Slack platform errors that say "try later", not "this request is wrong". */
const RETRIABLE_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

interface CodedSlackError {
  code: string;
  data?: { error?: string };
  statusCode?: number;
  original?: unknown;
}

function asSlackError(error: unknown): CodedSlackError | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('slack_webapi_') ? (error as CodedSlackError) : null;
}

/**
 * @slack/web-api's errors as permanent (channel_not_found, not_in_channel,
 * invalid_auth, any 4xx: fail at once, never open the breaker) or retriable
 * (rate limited, 5xx, Slack's own internal errors, not reached).
 */
export function classifySlackError(error: unknown): ClassifiedSendError {
  const slack = asSlackError(error);
  if (slack) {
    switch (slack.code) {
      case webApi.ErrorCode.PlatformError: {
        const said = slack.data?.error ?? 'unknown_error';
        return { kind: RETRIABLE_PLATFORM_ERRORS.has(said) ? 'retriable' : 'permanent', reason: `Slack: ${said}` };
      }
      case webApi.ErrorCode.RateLimitedError:
        return { kind: 'retriable', reason: 'Slack: rate limited' };
      case webApi.ErrorCode.HTTPError: {
        const status = slack.statusCode ?? 0;
        return { kind: status >= 500 || status === 429 ? 'retriable' : 'permanent', reason: `Slack HTTP ${status}` };
      }
      case webApi.ErrorCode.RequestError:
        if (slack.original instanceof ProviderTimeoutError) break;
        return classifyNetworkError('Slack', slack.original ?? error);
    }
  }
  if (error instanceof ProviderUnavailableError) return { kind: 'retriable', reason: error.message };
  if (error instanceof ProviderTimeoutError)
    return { kind: 'ambiguous', reason: `${error.message}; not resent, it may have been sent` };
  return classifyNetworkError('Slack', error);
}

export function isPermanentSlackError(error: unknown): boolean {
  return classifySlackError(error).kind === 'permanent';
}
