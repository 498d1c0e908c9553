import { Schema } from 'mongoose';
import { CHANNELS, type Channel } from '@threadline/contracts';
import { contactEntryId } from '@threadline/persistence';

/** A contact's timeline entry id: one entry per provider message, however often it is delivered (reporting derives it too). */
export { contactEntryId };

export interface TimelineAttachment {
  ref: string;
  filename: string | null;
  contentType: string;
  size: number;
  inline: boolean;
}

import type { DeliveryStatus } from '@threadline/contracts';

export type { DeliveryStatus };

/** What a change entry records: a field's value before and after. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * One item of a ticket's history, in the order it happened:
 * - `message`: a contact in, or a reply out, on any channel;
 * - `note`: an internal note by an agent (never shown to the customer);
 * - `change`: status, priority, queue, assignment, tags, category, reopen or merge.
 */
export interface TimelineEntryDoc {
  /** Derived from what it records (e.g. workspace + channel + provider message id): one entry however often delivered. */
  _id: string;
  workspaceId: string;
  ticketId: string;
  kind: 'message' | 'note' | 'change';
  occurredAt: Date;
  recordedAt: Date;
  /** Agent who wrote a reply or note, or made a change; null for the customer and the system. */
  authorId: string | null;
  // message
  direction?: 'inbound' | 'outbound';
  channel?: Channel;
  providerMessageId?: string;
  customerId?: string;
  from?: { kind: string; value: string }[];
  subject?: string | null;
  text?: string;
  /** A reply's new part without the quoted history; `text` keeps the original whole. */
  newText?: string | null;
  html?: string | null;
  attachments?: TimelineAttachment[];
  delivery?: { status: DeliveryStatus; at: Date; error: string | null } | null;
  /** Sent by the platform itself (an acknowledgement), not written by an agent. */
  automatic?: boolean;
  // note
  mentions?: string[];
  /** A call note: the CallSid of the call on this ticket it is about. */
  aboutCall?: string;
  // change
  action?: string;
  actorKind?: 'agent' | 'customer' | 'system';
  changes?: FieldChanges;
  /** What the workspace's retention removed from the entry ('transcript', 'recording'), so a daily run does not repeat it. */
  expired?: string[];
}

export const timelineEntrySchema = new Schema<TimelineEntryDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    kind: { type: String, enum: ['message', 'note', 'change'], required: true },
    occurredAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    authorId: { type: String, default: null },
    direction: { type: String, enum: ['inbound', 'outbound'] },
    channel: { type: String, enum: CHANNELS },
    providerMessageId: String,
    customerId: String,
    from: { type: [{ _id: false, kind: String, value: String }], default: undefined },
    subject: String,
    text: String,
    newText: String,
    aboutCall: String,
    html: String,
    attachments: {
      type: [{ _id: false, ref: String, filename: String, contentType: String, size: Number, inline: Boolean }],
      default: undefined,
    },
    delivery: { type: new Schema({ status: String, at: Date, error: String }, { _id: false }), default: undefined },
    automatic: { type: Boolean, default: undefined },
    mentions: { type: [String], default: undefined },
    action: String,
    actorKind: String,
    changes: { type: Schema.Types.Mixed },
    expired: { type: [String], default: undefined },
  },
  { versionKey: false, minimize: false },
);
timelineEntrySchema.index({ workspaceId: 1, ticketId: 1, occurredAt: 1 });

/**
 * Explicit references to a ticket: our own and the customer's e-mail
 * Message-IDs, and provider threads (Slack thread, chat session). The _id is
 * derived from the reference, so finding a ticket by it is a point lookup.
 */
export interface ThreadRefDoc {
  _id: string;
  workspaceId: string;
  ticketId: string;
  kind: 'message-id' | 'provider-thread';
  value: string;
}

export const threadRefSchema = new Schema<ThreadRefDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
  },
  { versionKey: false },
);
