import {
  classifyNetworkError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  type ClassifiedSendError,
} from '@threadline/resilience';

/** Graph API error codes that mean "slow down" or "try later", not "this request is wrong". */
const RETRIABLE_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
}

/** The HTTP status and Graph error an axios (or axios-error) failure carries, if any. */
function graphFailure(error: unknown): { status: number; body: GraphErrorBody | null } | null {
  if (typeof error !== 'object' || error === null) return null;
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  if (!response || typeof response.status !== 'number') return null;
  // messaging-api-messenger camel-cases response bodies: errorSubcode, isTransient.
  const data = response.data as { error?: Record<string, unknown> } | undefined;
  const raw = data?.error;
  const body: GraphErrorBody | null = raw
    ? {
        message: typeof raw.message === 'string' ? raw.message : undefined,
        type: typeof raw.type === 'string' ? raw.type : undefined,
        code: typeof raw.code === 'number' ? raw.code : undefined,
        error_subcode: Number(raw.errorSubcode ?? raw.error_subcode) || undefined,
        is_transient: Boolean(raw.isTransient ?? raw.is_transient),
      }
    : null;
  return { status: response.status, body };
}

/**
 * Meta's answer as permanent (a 4xx such as OAuthException (#100) or (#10)
 * outside the window: fails at once, never opens the breaker) or retriable
 * (5xx, rate limits, transient errors, not reached). Never echoes the request:
 * its URL carries the Page access token.
 */
export function classifyGraphError(error: unknown): ClassifiedSendError {
  const failure = graphFailure(error);
  if (failure) {
    const { status, body } = failure;
    const said = body
      ? `Meta ${body.type ?? 'error'} ${body.code ?? status}${body.error_subcode ? `/${body.error_subcode}` : ''}: ${body.message ?? 'request failed'}`
      : `Meta HTTP ${status}`;
    const retriable = status >= 500 || status === 429 || body?.is_transient === true || RETRIABLE_CODES.has(body?.code ?? -1);
    return { kind: retriable ? 'retriable' : 'permanent', reason: said };
  }
  if (error instanceof ProviderUnavailableError) return { kind: 'retriable', reason: error.message };
  if (error instanceof ProviderTimeoutError)
    return { kind: 'ambiguous', reason: `${error.message}; not resent, it may have been sent` };
  return classifyNetworkError('Meta', withCodeFromMessage(error));
}

/** axios-error keeps the message ("connect ECONNREFUSED …") but drops the socket error's code. */
function withCodeFromMessage(error: unknown): unknown {
  if (!(error instanceof Error) || 'code' in error) return error;
  const code = /\b(E[A-Z]{4,})\b/.exec(error.message)?.[1];
  return code ? Object.assign(new Error(error.message), { code }) : error;
}

export function isPermanentGraphError(error: unknown): boolean {
  return classifyGraphError(error).kind === 'permanent';
}
