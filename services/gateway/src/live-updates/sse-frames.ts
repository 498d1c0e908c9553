import type { TypedEnvelope } from '@threadline/contracts';

/** What a screen needs to refresh: which ticket, which change, at which version. */
export function liveMessage(event: TypedEnvelope) {
  const payload = event.payload as { ticketId?: string; number?: number; version?: number };
  return {
    type: event.type,
    ticketId: payload.ticketId ?? null,
    number: payload.number ?? null,
    version: payload.version ?? null,
    occurredAt: event.occurredAt,
    payload: event.payload,
  };
}

/** One Server-Sent Events frame. Data is JSON on one line, so no line of it can end the frame early. */
export function sseFrame(event: string, id: string, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream; EventSource ignores it. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';
