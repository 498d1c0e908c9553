import { ApiError } from './api-error';
import { sessionStore } from './session-store';
import type { Session } from './types';

export { ApiError };

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One refresh at a time: parallel requests that all got 401 share it (a refresh token is used once). */
let refreshing: Promise<boolean> | null = null;

async function refreshSession(session: Session): Promise<boolean> {
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  }).catch(() => null);
  if (!response?.ok) {
    // A network error keeps the session (offline is not logged out); a refusal ends it.
    if (response) sessionStore.clear('expired');
    return false;
  }
  sessionStore.set((await response.json()) as Session);
  return true;
}

function refreshOnce(session: Session): Promise<boolean> {
  refreshing ??= refreshSession(session).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send(path: string, options: RequestOptions, session: Session | null): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  return fetch(`/api/v1${path}`, {
    // The ticket's ETag is its version, which a note or delivery does not bump: a revalidated
    // (304) copy would hide them. The API's answers are always read fresh.
    cache: 'no-store',
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** A prepared request (the typed client's) with the agent's token, always read fresh (see send). */
function sendPrepared(request: Request, session: Session | null): Promise<Response> {
  const headers = new Headers(request.headers);
  if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
  return fetch(new Request(request, { headers, cache: 'no-store' }));
}

/** The typed client's fetch (agent-api.ts): as the logged-in agent, refreshed once on 401 like `api()`. */
export async function sendRequestAsAgent(request: Request): Promise<Response> {
  const session = sessionStore.get();
  const retry = request.clone();
  const response = await sendPrepared(request, session);
  if (response.status === 401 && session && (await refreshOnce(session))) return sendPrepared(retry, sessionStore.get());
  return response;
}

/** Sends as the logged-in agent; an expired access token is refreshed once and the call repeated. */
async function sendAsAgent(path: string, options: RequestOptions): Promise<Response> {
  const session = sessionStore.get();
  const response = await send(path, options, session);
  if (response.status === 401 && session && (await refreshOnce(session))) return send(path, options, sessionStore.get());
  return response;
}

async function refusal(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const code = typeof body === 'object' && body && 'code' in body ? String((body as { code: unknown }).code) : null;
  return new ApiError(response.status, code, body, response.headers);
}

/** A call of the agent API as the logged-in agent, answering its JSON. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const response = await sendAsAgent(path, options);
  if (!response.ok) throw await refusal(response);
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  return { data: body as T, etag: response.headers.get('etag') };
}

/**
 * Saves a file the API answers (an attachment) under the given name. A plain link cannot
 * carry the agent's token, so the bytes are fetched and handed to the browser as a download.
 */
export async function download(path: string, filename: string): Promise<void> {
  const response = await sendAsAgent(path, {});
  if (!response.ok) throw await refusal(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function logIn(workspace: string, email: string, password: string): Promise<void> {
  const { data } = await api<Session>('/auth/login', { method: 'POST', body: { workspace, email, password } });
  sessionStore.set(data);
}

export async function logOut(): Promise<void> {
  const session = sessionStore.get();
  if (session) await api('/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken } }).catch(() => undefined);
  sessionStore.clear('logout');
}

/** A key for Idempotency-Key: one per action the agent takes, so a retried request is not applied twice. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
