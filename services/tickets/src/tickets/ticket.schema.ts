import { Schema } from 'mongoose';
import { CHANNELS, type Channel } from '@threadline/contracts';

export const TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_department', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export interface TicketDoc {
  _id: string;
  workspaceId: string;
  /** Human number, sequential per workspace, never reused. */
  number: number;
  subject: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  customerId: string;
  channel: Channel;
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastContactAt: Date;
}

export const ticketSchema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    number: { type: Number, required: true },
    subject: { type: String, default: null },
    status: { type: String, enum: TICKET_STATUSES, required: true },
    priority: { type: String, enum: TICKET_PRIORITIES, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    assigneeId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastContactAt: { type: Date, required: true },
  },
  { versionKey: false },
);
ticketSchema.index({ workspaceId: 1, number: 1 }, { unique: true });
ticketSchema.index({ workspaceId: 1, customerId: 1, status: 1 });
ticketSchema.index({ workspaceId: 1, createdAt: -1 });

/** Per-workspace sequence for ticket numbers. */
export interface TicketCounterDoc {
  _id: string;
  seq: number;
}
export const ticketCounterSchema = new Schema<TicketCounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false },
);
