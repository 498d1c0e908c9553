import { Schema } from 'mongoose';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  SLA_STATES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Channel,
  type CustomerTier,
  type Identity,
  type SlaState,
  type TicketPriority,
  type TicketState,
  type TicketStatus,
} from '@threadline/contracts';

export { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus };

/** Sort key for priority: higher is more urgent (Mongo cannot sort an enum by meaning). */
export const PRIORITY_RANK: Record<TicketPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Fields agents change by command; every change bumps `version`. */
export type MutableTicketFields = TicketState;

/** Where a reply goes by default: the channel and address the customer last used. */
export interface ReplyTarget {
  channel: Channel;
  identity: Identity;
  providerThreadId: string | null;
  /** The customer's last e-mail Message-ID and its References, for In-Reply-To / References. */
  messageRef: string | null;
  references: string[];
  /** The address, number or page the customer wrote to: answers come from it. */
  recipient?: string | null;
  /** When the customer sent the message this target answers (Messenger's 24-hour window counts from it). */
  wroteAt?: Date | null;
}

export interface TicketDoc extends MutableTicketFields {
  _id: string;
  workspaceId: string;
  /** Human number, sequential per workspace, never reused. */
  number: number;
  /** Optimistic concurrency: bumped by every change; a command may demand the version it saw. */
  version: number;
  subject: string | null;
  priorityRank: number;
  customerId: string;
  /** The customer's tier when the ticket opened (SLA policies match on it); null on tickets older than that. */
  customerTier: CustomerTier | null;
  /** Channel of origin. */
  channel: Channel;
  replyTarget: ReplyTarget | null;
  /** When the status last changed; the whole history is in the timeline's change entries. */
  statusChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lastContactAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** Set by the SLA service's events; the "today" view puts breached and threatened tickets first. */
  slaDueAt: Date | null;
  /** The ticket's SLA as the sla service last told it; null before it did. */
  slaState: SlaState | null;
  /** The revision of the sla service's clock behind slaDueAt and slaState: only a newer one replaces them. */
  slaRevision: number;
  /** The timeline entry of the contact that opened this ticket (to re-announce after a crash). */
  openedByEntryId: string;
  /** The customer's ticket number within their own history; part of the ticket id. */
  customerEpoch: number;
  previousTicketId: string | null;
  mergedInto: { ticketId: string; number: number } | null;
  mergedTicketIds: string[];
  /** Lower-case, diacritics-folded subject, number and customer name, for text search. */
  searchText: string;
  /** A complaint holds debt collection for the customer until the ticket is closed; absent or null: no hold. */
  collectionsHold?: CollectionsHold | null;
  /** Set when the workspace's retention anonymised the closed ticket (its texts and senders replaced). */
  anonymisedAt?: Date | null;
  /**
   * The command (Idempotency-Key) that made `version`, written with it by `TicketChanges`, so a repeated
   * command is recognised without reading the version's audit entry; absent (or of another version) on
   * tickets last changed before it was kept: the audit entry is read then.
   */
  versionCommand?: VersionCommand;
}

export interface VersionCommand {
  version: number;
  commandId: string | null;
}

export interface CollectionsHold {
  reason: string;
  since: Date;
  /** Who set it: an agent's id, or `routing` for a rule. */
  by: string;
}

const identitySubSchema = { kind: String, value: String, pageId: String, teamId: String, displayName: String };

export const ticketSchema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    number: { type: Number, required: true },
    version: { type: Number, required: true },
    subject: { type: String, default: null },
    status: { type: String, enum: TICKET_STATUSES, required: true },
    priority: { type: String, enum: TICKET_PRIORITIES, required: true },
    priorityRank: { type: Number, required: true },
    queue: { type: String, default: null },
    assigneeId: { type: String, default: null },
    tags: { type: [String], default: [] },
    category: { type: String, default: null },
    customerId: { type: String, required: true },
    customerTier: { type: String, enum: [...CUSTOMER_TIERS, null], default: null },
    channel: { type: String, enum: CHANNELS, required: true },
    replyTarget: {
      type: new Schema(
        {
          channel: String,
          identity: identitySubSchema,
          providerThreadId: String,
          messageRef: String,
          references: [String],
          recipient: String,
          wroteAt: Date,
        },
        { _id: false },
      ),
      default: null,
    },
    statusChangedAt: { type: Date, required: true },
    anonymisedAt: { type: Date, default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastContactAt: { type: Date, required: true },
    firstResponseAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    slaDueAt: { type: Date, default: null },
    slaState: { type: String, enum: [...SLA_STATES, null], default: null },
    slaRevision: { type: Number, default: 0 },
    openedByEntryId: { type: String, required: true },
    customerEpoch: { type: Number, required: true },
    previousTicketId: { type: String, default: null },
    mergedInto: { type: new Schema({ ticketId: String, number: Number }, { _id: false }), default: null },
    mergedTicketIds: { type: [String], default: [] },
    searchText: { type: String, default: '' },
    collectionsHold: {
      type: new Schema({ reason: String, since: Date, by: String }, { _id: false }),
      default: null,
    },
    versionCommand: { type: new Schema({ version: Number, commandId: String }, { _id: false }), default: undefined },
  },
  { versionKey: false },
);
ticketSchema.index({ workspaceId: 1, number: 1 }, { unique: true });
ticketSchema.index({ workspaceId: 1, customerId: 1 });
ticketSchema.index({ workspaceId: 1, status: 1, priorityRank: -1 });
ticketSchema.index({ workspaceId: 1, updatedAt: -1 });

export function stateOf(ticket: MutableTicketFields): TicketState {
  const { status, priority, queue, assigneeId, tags, category } = ticket;
  return { status, priority, queue, assigneeId, tags: [...tags], category };
}

/** Folds Polish (and other) diacritics, so "zolta" finds "żółta". */
export function searchable(...parts: (string | number | null | undefined)[]): string {
  return parts
    .filter((p) => p !== null && p !== undefined && p !== '')
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase();
}

export interface TicketCounterDoc {
  _id: string;
  seq: number;
}

export const ticketCounterSchema = new Schema<TicketCounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false },
);
