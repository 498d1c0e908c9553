import { ProviderTimeoutError, ProviderUnavailableError } from '@threadline/resilience';

/**
 * What a failed send means for what we do next:
 * - permanent: Twilio refused the request (a 4xx such as 21211 invalid number); retrying cannot help.
 * - retriable: Twilio is failing (5xx, 429) or was not reached at all; the message was not accepted.
 * - ambiguous: the request may have reached Twilio (timeout, connection dropped mid-way); sending
 *   again could deliver the SMS twice, so it is not retried.
 */
export type SendErrorKind = 'permanent' | 'retriable' | 'ambiguous';

export interface ClassifiedSendError {
  kind: SendErrorKind;
  /** For the agent: what the provider said, or what went wrong on the way. */
  reason: string;
}

/** Network errors raised before a request reached the provider. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface TwilioRestError {
  status: number;
  code?: number;
  message?: string;
  moreInfo?: string;
}

function asRestError(error: unknown): TwilioRestError | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 100 && status < 600 ? (error as TwilioRestError) : null;
}

function networkCode(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

export function classifySendError(error: unknown): ClassifiedSendError {
  const rest = asRestError(error);
  if (rest) {
    const said = `Twilio ${rest.code ?? `HTTP ${rest.status}`}: ${rest.message ?? 'request failed'}`;
    const permanent = rest.status >= 400 && rest.status < 500 && rest.status !== 429;
    return { kind: permanent ? 'permanent' : 'retriable', reason: said };
  }
  if (error instanceof ProviderUnavailableError) return { kind: 'retriable', reason: error.message };
  if (error instanceof ProviderTimeoutError) {
    return { kind: 'ambiguous', reason: `${error.message}; not resent, it may have been sent` };
  }
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && NOT_REACHED.has(code)) return { kind: 'retriable', reason: `Twilio not reachable: ${code}` };
  return { kind: 'ambiguous', reason: `Twilio request broke off (${code ?? message}); not resent, it may have been sent` };
}

/** For the breaker: a refused request is not an outage, so it never opens the circuit. */
export function isPermanentSendError(error: unknown): boolean {
  return classifySendError(error).kind === 'permanent';
}
