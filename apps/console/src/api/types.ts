// The shapes of the agent API the console reads, from GET /api/v1/openapi.json (see agent-api.ts).
import type { Schemas } from './schemas';

export const TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_department', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['email', 'voice', 'sms', 'messenger', 'slack', 'chat'] as const;
export const SORT_KEYS = ['updated', 'created', 'priority', 'number'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Role = 'agent' | 'supervisor' | 'admin';

// The answers, from the OpenAPI document's schemas (generated/agent-api.ts): not written twice.
export type Identity = Schemas['Identity'];
export type CustomerSummary = Schemas['CustomerSummary'];
export type TicketSummary = Schemas['TicketSummary'];
export type Attachment = Schemas['Attachment'];
export type TimelineEntry = Schemas['TimelineEntry'];
/** GET /customers/:id — the profile and every ticket of the customer, on any channel. */
export type CustomerDetail = Schemas['CustomerDetail'];
/** GET /tickets/:n — the ticket with its timeline; `mergedInto` is set once a supervisor merged it into another. */
export type TicketDetail = Schemas['TicketDetail'];
export type Agent = Schemas['Agent'];
export type Session = Schemas['Session'];

/** PATCH /tickets/:n — the fields an agent changes. */
export interface TicketChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  queue?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  category?: string | null;
}

/** A colleague in the agent directory (every role reads it): whom a ticket can be given to. */
export type Colleague = Schemas['Colleague'];
