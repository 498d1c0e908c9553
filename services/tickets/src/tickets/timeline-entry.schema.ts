import { Schema } from 'mongoose';
import { CHANNELS, type Channel } from '@threadline/contracts';

export interface TimelineAttachment {
  ref: string;
  filename: string | null;
  contentType: string;
  size: number;
  inline: boolean;
}

/** One item of a ticket's history. For now: messages in and out. */
export interface TimelineEntryDoc {
  /** Derived from workspace + channel + provider message id: one entry per contact, however often delivered. */
  _id: string;
  workspaceId: string;
  ticketId: string;
  kind: 'message';
  direction: 'inbound' | 'outbound';
  channel: Channel;
  providerMessageId: string;
  customerId: string;
  from: { kind: string; value: string }[];
  subject: string | null;
  text: string;
  html: string | null;
  attachments: TimelineAttachment[];
  occurredAt: Date;
  recordedAt: Date;
}

export const timelineEntrySchema = new Schema<TimelineEntryDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    kind: { type: String, enum: ['message'], required: true },
    direction: { type: String, enum: ['inbound', 'outbound'], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    providerMessageId: { type: String, required: true },
    customerId: { type: String, required: true },
    from: [{ _id: false, kind: String, value: String }],
    subject: { type: String, default: null },
    text: { type: String, default: '' },
    html: { type: String, default: null },
    attachments: [{ _id: false, ref: String, filename: String, contentType: String, size: Number, inline: Boolean }],
    occurredAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
timelineEntrySchema.index({ workspaceId: 1, ticketId: 1, occurredAt: 1 });
