import { Schema, type Connection, type Model } from 'mongoose';
import type { Channel } from '@threadline/contracts';
import { findInWorkspace } from '@threadline/persistence';

/**
 * One ticket as assignment sees it, kept from its events; `_id` = workspace:ticket.
 * Written only by the consumer holding the ticket's partition (one writer per
 * document: FerretDB applies updates as read-then-write), read by anyone.
 */
export interface TicketHoldDoc {
  _id: string;
  workspaceId: string;
  ticketId: string;
  number: number;
  channel: Channel;
  queue: string | null;
  /** Who holds it while it is open; null: nobody, or closed (so an agent's load is a point lookup by holder). */
  holder: string | null;
  /** The ticket's version the document reflects: an older event read again changes nothing. */
  version: number;
  /** The ticket's partition of ticket.events.v1: its hand-back timer goes in that partition's buckets. */
  partition: number;
}

export type TicketHold = Omit<TicketHoldDoc, '_id'>;

const holdSchema = new Schema<TicketHoldDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    number: { type: Number, required: true },
    channel: { type: String, required: true },
    queue: { type: String, default: null },
    holder: { type: String, default: null },
    version: { type: Number, required: true },
    partition: { type: Number, required: true },
  },
  { versionKey: false },
);
holdSchema.index({ workspaceId: 1, holder: 1 });

export const holdKey = (workspaceId: string, ticketId: string) => `${workspaceId}:${ticketId}`;

/** Who holds which open ticket: an agent's load per channel, and the tickets to hand back when they go away. */
export class TicketHoldRepository {
  private readonly holds: Model<TicketHoldDoc>;

  constructor(connection: Connection) {
    this.holds = connection.model<TicketHoldDoc>('RoutingTicketHold', holdSchema, 'routing_ticket_holds');
  }

  async find(workspaceId: string, ticketId: string): Promise<TicketHold | null> {
    const doc = await findInWorkspace(this.holds, workspaceId, holdKey(workspaceId, ticketId));
    if (!doc) return null;
    const { _id, ...hold } = doc;
    return hold;
  }

  async save(hold: TicketHold): Promise<void> {
    await this.holds.updateOne({ _id: holdKey(hold.workspaceId, hold.ticketId) }, { $set: hold }, { upsert: true });
  }

  /** The open tickets an agent holds (equality on workspace and holder: pushed down to the store). */
  async heldBy(workspaceId: string, agentId: string): Promise<TicketHold[]> {
    const docs = await this.holds.find({ workspaceId, holder: agentId }).lean<TicketHoldDoc[]>();
    return docs.map(({ _id, ...hold }) => hold);
  }
}
