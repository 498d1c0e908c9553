import { randomBytes } from 'node:crypto';
import { fetchJson, type Json } from './http-json';
import { waitFor } from './wait-for';

/**
 * The tickets service's internal API as the gateway calls it, for tests that
 * drive a channel without the gateway: read a ticket, wait for its timeline,
 * reply as an agent (each reply with its own Idempotency-Key).
 */
export function ticketsInternalApi(ticketsUrl: string, workspaceId: string, agent = { id: 'agent-ola', role: 'agent' }) {
  const base = `${ticketsUrl}/internal/v1/workspaces/${workspaceId}`;
  const ticketWhen = (description: string, ready: (ticket: Json) => boolean, number = 1): Promise<Json> =>
    waitFor(description, async () => {
      const { status, body } = await fetchJson(`${base}/tickets/${number}`);
      return status === 200 && ready(body) ? body : null;
    });
  return {
    get: (path: string) => fetchJson(`${base}${path}`),
    reply: (number: number, text: string) =>
      fetchJson(`${base}/tickets/${number}/replies`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-agent-id': agent.id,
          'x-agent-role': agent.role,
          'idempotency-key': randomBytes(8).toString('hex'),
        },
        body: JSON.stringify({ text }),
      }),
    /** Ticket `number` (default #1) once `ready` holds for it. */
    ticketWhen,
    /** Ticket `number`'s timeline once `ready` holds for it. */
    timelineWhen: async (description: string, ready: (timeline: Json[]) => boolean, number = 1): Promise<Json[]> =>
      (await ticketWhen(description, (ticket) => ready(ticket.timeline), number)).timeline,
  };
}

/** The customer's messages on a timeline (in, any channel). */
export const inboundMessages = (timeline: Json[]): Json[] =>
  timeline.filter((e) => e.kind === 'message' && e.direction === 'inbound');
