import { randomBytes } from 'node:crypto';
import type { Json } from './http-json';
import { TEST_AGENT, type RunningService, type TestCaller } from './running-service';
import { waitFor } from './wait-for';

/**
 * The tickets service's internal API as the gateway calls it, for tests that
 * drive a channel without the gateway: read a ticket, wait for its timeline,
 * reply as an agent (each reply with its own Idempotency-Key).
 */
export function ticketsInternalApi(tickets: RunningService, workspaceId: string, agent: TestCaller = TEST_AGENT) {
  const api = tickets.internalApi(workspaceId, agent);
  const ticketWhen = (description: string, ready: (ticket: Json) => boolean, number = 1): Promise<Json> =>
    waitFor(description, async () => {
      const { status, body } = await api.fetch(`tickets/${number}`);
      return status === 200 && ready(body) ? body : null;
    });
  return {
    /** `path` relative to the workspace, e.g. `tickets/1`. */
    get: (path: string) => api.fetch(path),
    reply: (number: number, text: string) =>
      api.fetch(`tickets/${number}/replies`, {
        method: 'POST',
        headers: { 'idempotency-key': randomBytes(8).toString('hex') },
        body: { text },
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
