import type { Connection, Model } from 'mongoose';
import { findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import { ticketCounterSchema, ticketSchema, type TicketCounterDoc, type TicketDoc, type TicketStatus } from './ticket.schema';
import { timelineEntrySchema, type TimelineEntryDoc } from './timeline-entry.schema';

/**
 * Number collisions only happen under a non-atomic counter (FerretDB). Every
 * collision means another create won that number, so all creators progress;
 * the bound only guards against a bug looping forever.
 */
const MAX_NUMBER_ATTEMPTS = 1000;

export interface TicketFilter {
  status?: TicketStatus;
  customerId?: string;
  limit: number;
  /** Cursor: tickets with a number below this one (newest first). */
  beforeNumber?: number;
}

/** Tickets, their numbers and timelines; every query is scoped to one workspace. */
export class TicketRepository {
  private readonly tickets: Model<TicketDoc>;
  private readonly counters: Model<TicketCounterDoc>;
  private readonly timeline: Model<TimelineEntryDoc>;

  constructor(connection: Connection) {
    this.tickets = connection.model<TicketDoc>('Ticket', ticketSchema, 'tickets');
    this.counters = connection.model<TicketCounterDoc>('TicketCounter', ticketCounterSchema, 'ticket_counters');
    this.timeline = connection.model<TimelineEntryDoc>('TimelineEntry', timelineEntrySchema, 'timeline');
  }

  /**
   * Next ticket number of a workspace: an `$inc` on a per-workspace counter.
   * Atomic on MongoDB; FerretDB 1.x runs findAndModify as read-then-write, so
   * two concurrent callers can get the same number there. `createOnce` is what
   * keeps numbers unique: the unique (workspaceId, number) index refuses the
   * second and it takes the next number.
   */
  async nextNumber(workspaceId: string): Promise<number> {
    try {
      return await this.incrementCounter(workspaceId);
    } catch (error) {
      // Two first tickets of a workspace at once: both upserts insert, one loses; the counter exists now.
      if (!isDuplicateKeyError(error)) throw error;
      return this.incrementCounter(workspaceId);
    }
  }

  private async incrementCounter(workspaceId: string): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate({ _id: workspaceId }, { $inc: { seq: 1 } }, { upsert: true, new: true })
      .lean();
    if (!counter) throw new Error('ticket counter upsert returned nothing');
    return counter.seq;
  }

  /**
   * Inserts a ticket with a deterministic id and a fresh number. If the id
   * exists (a redelivery after a crash), returns the stored ticket; if the
   * number was taken by a concurrent create, tries the next one. No read
   * first: redeliveries are rare, and cost only a skipped number.
   */
  async createOnce(ticket: Omit<TicketDoc, 'number'>): Promise<{ ticket: TicketDoc; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const doc = { ...ticket, number: await this.nextNumber(ticket.workspaceId) };
      try {
        await this.tickets.create(doc);
        return { ticket: doc, created: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const stored = await this.findById(ticket.workspaceId, ticket._id);
        if (stored) return { ticket: stored, created: false };
        if (attempt >= MAX_NUMBER_ATTEMPTS) throw error;
        // A counter that lost updates lags behind the numbers in use: move it past this one.
        await this.counters.updateOne({ _id: ticket.workspaceId }, { $max: { seq: doc.number } });
      }
    }
  }

  findById(workspaceId: string, id: string): Promise<TicketDoc | null> {
    return findInWorkspace(this.tickets, workspaceId, id);
  }

  findByNumber(workspaceId: string, number: number): Promise<TicketDoc | null> {
    return this.tickets.findOne({ workspaceId, number }).lean();
  }

  list(workspaceId: string, filter: TicketFilter): Promise<TicketDoc[]> {
    const query: Record<string, unknown> = { workspaceId };
    if (filter.status) query.status = filter.status;
    if (filter.customerId) query.customerId = filter.customerId;
    if (filter.beforeNumber) query.number = { $lt: filter.beforeNumber };
    return this.tickets.find(query).sort({ number: -1 }).limit(filter.limit).lean();
  }

  /** A new contact on a ticket: bump its activity, and a reply waiting on the customer reopens it. */
  async recordInboundContact(ticket: Pick<TicketDoc, '_id'>, at: Date): Promise<void> {
    // By _id alone (see findInWorkspace): the ticket came from a workspace-scoped read.
    await this.tickets.updateOne({ _id: ticket._id }, { $max: { lastContactAt: at }, $set: { updatedAt: new Date() } });
    await this.tickets.updateOne({ _id: ticket._id, status: 'waiting_customer' }, { $set: { status: 'open' } });
  }

  /** Adds a timeline entry once; false when it was already there. */
  async addTimelineEntryOnce(entry: TimelineEntryDoc): Promise<boolean> {
    try {
      await this.timeline.create(entry);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  findTimelineEntry(workspaceId: string, id: string): Promise<TimelineEntryDoc | null> {
    return findInWorkspace(this.timeline, workspaceId, id);
  }

  timelineOf(workspaceId: string, ticketId: string): Promise<TimelineEntryDoc[]> {
    return this.timeline.find({ workspaceId, ticketId }).sort({ occurredAt: 1, recordedAt: 1 }).lean();
  }
}
