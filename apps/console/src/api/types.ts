// The shapes of the agent API the console reads (GET /api/v1/openapi.json describes the requests).

export const TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_department', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['email', 'voice', 'sms', 'messenger', 'slack', 'chat'] as const;
export const SORT_KEYS = ['updated', 'created', 'priority', 'number'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Role = 'agent' | 'supervisor' | 'admin';

export interface Identity {
  kind: string;
  value: string;
}

export interface CustomerSummary {
  id: string;
  name: string | null;
  tier: string;
  identities: Identity[];
}

export interface TicketSummary {
  id: string;
  number: number;
  version: number;
  subject: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  channel: Channel;
  replyChannel: Channel;
  queue: string | null;
  assigneeId: string | null;
  tags: string[];
  category: string | null;
  createdAt: string;
  updatedAt: string;
  customer: CustomerSummary | null;
}

export interface Attachment {
  /** `attachment:<sha256>` for a mail's file kept by the platform; a URL for a provider's media (a call recording). */
  ref: string;
  filename: string | null;
  contentType: string;
  size: number;
  inline: boolean;
}

export interface TimelineEntry {
  id: string;
  ticketId: string;
  kind: 'message' | 'note' | 'change';
  occurredAt: string;
  authorId: string | null;
  direction?: 'inbound' | 'outbound';
  channel?: Channel;
  from?: Identity[];
  subject?: string | null;
  text?: string;
  newText?: string | null;
  html?: string | null;
  attachments?: Attachment[];
  delivery?: { status: string; at: string; error: string | null } | null;
  automatic?: boolean;
  mentions?: string[];
  action?: string;
  actorKind?: 'agent' | 'customer' | 'system';
  changes?: Record<string, { from: unknown; to: unknown }>;
}

/** GET /customers/:id — the profile and every ticket of the customer, on any channel. */
export interface CustomerDetail extends CustomerSummary {
  notes: string | null;
  mergedInto: string | null;
  mergedFrom: { customerId: string; at: string }[];
  createdAt: string;
  updatedAt: string;
  tickets: Omit<TicketSummary, 'customer'>[];
}

export interface TicketDetail extends TicketSummary {
  /** Set once a supervisor merged this ticket into another (it is closed; the other carries on). */
  mergedInto: { ticketId: string; number: number } | null;
  timeline: TimelineEntry[];
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: Role;
  teams: string[];
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  agent: { id: string; name: string; role: Role };
}

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
export interface Colleague {
  id: string;
  name: string;
  handle: string;
}
