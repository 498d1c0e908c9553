import type { Connection, Model } from 'mongoose';
import { updateEach } from '@threadline/persistence';
import type { Channel } from '@threadline/contracts';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

/** The part of an entry the retention removed, kept on it so a daily run does not repeat it. */
export type ExpiredPart = 'transcript' | 'recording';

/**
 * What the daily retention run reads and marks. Its reads are by equality the
 * store evaluates (workspace and status, workspace and channel); the age is
 * checked here — a daily run may scan a workspace's closed tickets, hot paths
 * never do. The writes of the anonymising are the erasure's (CustomerDataStore).
 */
export class RetentionStore {
  private readonly tickets: Model<TicketDoc>;
  private readonly timeline: Model<TimelineEntryDoc>;

  /** Reuses the models the tickets repositories registered. */
  constructor(connection: Connection) {
    this.tickets = connection.models.Ticket as Model<TicketDoc>;
    this.timeline = connection.models.TimelineEntry as Model<TimelineEntryDoc>;
  }

  /** Closed before `cutoff` and not yet anonymised. */
  async closedTicketsBefore(workspaceId: string, cutoff: Date): Promise<TicketDoc[]> {
    const closed = await this.tickets.find({ workspaceId, status: 'closed' }).lean<TicketDoc[]>();
    return closed.filter((t) => !t.anonymisedAt && t.statusChangedAt < cutoff);
  }

  async entriesOf(workspaceId: string, tickets: TicketDoc[]): Promise<TimelineEntryDoc[]> {
    const parts = await Promise.all(
      tickets.map((t) => this.timeline.find({ workspaceId, ticketId: t._id }).lean<TimelineEntryDoc[]>()),
    );
    return parts.flat();
  }

  async markAnonymised(tickets: TicketDoc[], at: Date): Promise<void> {
    await updateEach(
      this.tickets,
      tickets.map((t) => ({ updateOne: { filter: { _id: t._id }, update: { $set: { anonymisedAt: at } } } })),
    );
  }

  /** Messages on a channel (both ways) from before `cutoff` that still hold this part. */
  async messagesBefore(workspaceId: string, channel: Channel, cutoff: Date, part: ExpiredPart): Promise<TimelineEntryDoc[]> {
    const messages = await this.timeline.find({ workspaceId, channel, kind: 'message' }).lean<TimelineEntryDoc[]>();
    return messages.filter((m) => m.occurredAt < cutoff && m.providerMessageId !== 'erased' && !(m.expired ?? []).includes(part));
  }

  async markExpired(entries: TimelineEntryDoc[], part: ExpiredPart): Promise<void> {
    await updateEach(
      this.timeline,
      entries.map((e) => ({ updateOne: { filter: { _id: e._id }, update: { $addToSet: { expired: part } } } })),
    );
  }
}
