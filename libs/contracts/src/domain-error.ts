/** What kind of refusal a domain error is; the HTTP edge answers each kind with one status. */
export type RefusalKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'gone' | 'unprocessable';

/**
 * A refusal with a stable code for the caller, raised by domain code that knows nothing of HTTP.
 * Every service's HTTP edge answers it as `{code, message, ...details}` with its kind's status
 * (`DomainErrorFilter` in service-runtime); anything else stays a 500.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    /** More fields for the answer (e.g. the versions of a stale write). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
