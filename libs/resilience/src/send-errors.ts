/**
 * How a failed provider call is handled:
 * - permanent: the provider refused this request (a 4xx: bad recipient, token, channel); retrying cannot help.
 * - retriable: the provider is failing (5xx, rate limit) or was not reached; nothing was accepted.
 * - ambiguous: the request may have got through (timeout, connection dropped mid-way); sending again
 *   could deliver twice, so it is not retried.
 */
export type SendErrorKind = 'permanent' | 'retriable' | 'ambiguous';

export interface ClassifiedSendError {
  kind: SendErrorKind;
  /** For the agent: what the provider said, or what went wrong on the way. */
  reason: string;
}

/** Network errors raised before a request reached the provider. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The first string `code` down an error's cause chain (fetch and axios wrap socket errors). */
export function networkCode(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, hops = 0;
    e && typeof e === 'object' && hops < 5;
    hops++
  ) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return null;
}

/** A call that failed on the way, not by the provider's answer: retried only if it never reached the provider. */
export function classifyNetworkError(provider: string, error: unknown): ClassifiedSendError {
  const code = networkCode(error);
  if (code && NOT_REACHED.has(code)) return { kind: 'retriable', reason: `${provider} not reachable: ${code}` };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'ambiguous', reason: `${provider} request broke off (${code ?? message}); not resent, it may have been sent` };
}
