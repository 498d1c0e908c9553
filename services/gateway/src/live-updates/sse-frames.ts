import { envelopeSchema, type EventEnvelope } from '@threadline/contracts';

/** The web chat's live signals screens show (presence is channel-social's business, not a screen's). */
const CHAT_SIGNALS = new Set(['chat.typing.v1', 'chat.read.v1']);

/**
 * A ticket event or web-chat signal for the screens, or null for anything
 * else on the topics. Only the envelope is checked, not the payload against
 * the registry: a `ticket.*` type (or payload field) newer than this
 * gateway's build still reaches the screens, whose client code may already know it.
 */
export function readLiveEvent(value: Buffer | null): EventEnvelope | null {
  if (!value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success) return null;
  const { type } = envelope.data;
  return type.startsWith('ticket.') || CHAT_SIGNALS.has(type) ? envelope.data : null;
}

/** A chat signal's session, or null for every other event. */
export function chatSessionOf(event: EventEnvelope): string | null {
  if (!CHAT_SIGNALS.has(event.type)) return null;
  const sessionId = field(event.payload, 'sessionId');
  return typeof sessionId === 'string' ? sessionId : null;
}

/** The visitor wrote on the ticket's chat: the session it talks in may be a new one. */
export function isInboundChatMessage(event: EventEnvelope): boolean {
  return (
    event.type === 'ticket.message-added.v1' &&
    field(event.payload, 'channel') === 'chat' &&
    field(event.payload, 'direction') === 'inbound'
  );
}

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
}

export function numberField(payload: unknown, name: string): number | null {
  const value = field(payload, name);
  return typeof value === 'number' ? value : null;
}

/** What a screen needs to refresh: which ticket, which change, at which version. */
export function liveMessage(event: EventEnvelope) {
  const ticketId = field(event.payload, 'ticketId');
  return {
    type: event.type,
    ticketId: typeof ticketId === 'string' ? ticketId : null,
    number: numberField(event.payload, 'number'),
    version: numberField(event.payload, 'version'),
    occurredAt: event.occurredAt,
    payload: event.payload,
  };
}

/**
 * Whether a screen watching ticket `number` wants this event: its own events,
 * and a merge into it (the target's history grew, but only the source's
 * `ticket.merged.v1` says so).
 */
export function concernsTicket(event: EventEnvelope, number: number): boolean {
  return numberField(event.payload, 'number') === number || numberField(event.payload, 'intoNumber') === number;
}

/** One Server-Sent Events frame. Data is JSON on one line, so no line of it can end the frame early. */
export function sseFrame(event: string, id: string, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream; EventSource ignores it. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';
