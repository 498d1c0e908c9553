import createClient from 'openapi-fetch';
import { ApiError } from './api-error';
import { sendRequestAsAgent, type ApiResponse } from './client';
import type { paths } from './generated/agent-api';
import type { TicketListQuery } from './schemas';

/**
 * The agent API, typed from the OpenAPI document the gateway generates from its controllers
 * (generated/agent-api.ts, rewritten by every console build): a path, parameter or answer the
 * API no longer has fails the console's type-check. Requests go as the logged-in agent
 * (token refreshed once on 401), like `api()`.
 */
export const agentApi = createClient<paths>({ fetch: sendRequestAsAgent });

export type { Schemas, TicketListQuery } from './schemas';

/** The answer of an openapi-fetch call, or the API's refusal thrown as ApiError. */
async function answered<D>(pending: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<ApiResponse<D>> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : null;
    throw new ApiError(response.status, code, error ?? null, response.headers);
  }
  return { data: data as D, etag: response.headers.get('etag') };
}

const ticket = (number: number) => ({ params: { path: { number } } });

export const listTickets = (query: TicketListQuery) => answered(agentApi.GET('/api/v1/tickets', { params: { query } }));
export const ticketsForToday = () => answered(agentApi.GET('/api/v1/tickets/today'));
export const getTicket = (number: number) => answered(agentApi.GET('/api/v1/tickets/{number}', ticket(number)));
export const getCustomer = (id: string) => answered(agentApi.GET('/api/v1/customers/{id}', { params: { path: { id } } }));
export const agentDirectory = () => answered(agentApi.GET('/api/v1/agent-directory'));
export const notices = () => answered(agentApi.GET('/api/v1/notifications'));
export const voiceBoard = () => answered(agentApi.GET('/api/v1/voice/queues'));
export const streamToken = () => answered(agentApi.POST('/api/v1/live/token'));

/** A ticket command's headers: the version the agent saw (409 if the ticket moved on) and a key for safe retries. */
interface CommandHeaders {
  'If-Match'?: string;
  'Idempotency-Key'?: string;
}
type Body<P extends keyof paths, M extends 'post' | 'patch'> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export const changeTicket = (number: number, change: Body<'/api/v1/tickets/{number}', 'patch'>, header: CommandHeaders) =>
  answered(agentApi.PATCH('/api/v1/tickets/{number}', { params: { path: { number }, header }, body: change }));
export const replyTo = (number: number, reply: Body<'/api/v1/tickets/{number}/replies', 'post'>, header: CommandHeaders) =>
  answered(agentApi.POST('/api/v1/tickets/{number}/replies', { params: { path: { number }, header }, body: reply }));
export const addNote = (number: number, note: Body<'/api/v1/tickets/{number}/notes', 'post'>, header: CommandHeaders) =>
  answered(agentApi.POST('/api/v1/tickets/{number}/notes', { params: { path: { number }, header }, body: note }));
