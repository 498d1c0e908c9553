import type { Channel, TicketPriority, TicketStatus } from '@threadline/contracts';
import type { TicketFacts } from '../rule-engine/evaluate-rules';

/** The parts of the tickets service's ticket detail that rules look at. */
export interface TicketDetail {
  id: string;
  number: number;
  version: number;
  subject: string | null;
  channel: Channel;
  status: TicketStatus;
  priority: TicketPriority;
  queue: string | null;
  assigneeId: string | null;
  tags: string[];
  category: string | null;
  recipient?: string | null;
  mergedInto?: { number: number } | null;
  customer: { tier?: string } | null;
  timeline: {
    id: string;
    kind: string;
    direction?: string;
    channel?: Channel;
    subject?: string | null;
    text?: string;
    newText?: string | null;
  }[];
}

export function inboundMessages(detail: TicketDetail) {
  return detail.timeline.filter((e) => e.kind === 'message' && e.direction === 'inbound');
}

/**
 * The facts for one trigger: the ticket's fields and the customer's message
 * the trigger is about (`messageId`; else the latest they wrote) — its new
 * part only, so a quoted earlier answer does not match keywords again.
 */
export function factsOf(detail: TicketDetail, messageId: string | null): TicketFacts {
  const messages = inboundMessages(detail);
  const message = (messageId && messages.find((m) => m.id === messageId)) || messages.at(-1);
  return {
    channel: message?.channel ?? detail.channel,
    recipient: detail.recipient ?? null,
    subject: message?.subject ?? detail.subject,
    text: message?.newText ?? message?.text ?? '',
    status: detail.status,
    priority: detail.priority,
    queue: detail.queue,
    category: detail.category,
    tags: detail.tags,
    assigneeId: detail.assigneeId,
    customerTier: detail.customer?.tier ?? 'standard',
  };
}
