import {
  classifyNetworkError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  type ClassifiedSendError,
} from '@threadline/resilience';

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
  return classifyNetworkError('Twilio', error);
}

/** For the breaker: a refused request is not an outage, so it never opens the circuit. */
export function isPermanentSendError(error: unknown): boolean {
  return classifySendError(error).kind === 'permanent';
}
