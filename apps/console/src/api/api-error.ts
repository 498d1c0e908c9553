/** A refusal of the API: its status and stable code, and the body (e.g. 400's `errors`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(code ?? `HTTP ${status}`);
  }
}
