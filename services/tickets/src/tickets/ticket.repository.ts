import { AsyncResource } from 'node:async_hooks';
import type { Connection, FilterQuery, Model } from 'mongoose';
import {
  deterministicId,
  findInWorkspace,
  insertManyOnce,
  isDuplicateKeyError,
  updateEach,
  updateEachMatched,
  type BulkWrites,
} from '@threadline/persistence';
import { ticketCounterSchema, ticketSchema, type ReplyTarget, type TicketCounterDoc, type TicketDoc } from './ticket.schema';
import { cursorFilter, sortSpec, type TicketListQuery } from './ticket-list-query';
import type { DeliveryStatus, Identity, SlaState } from '@threadline/contracts';
import { threadRefSchema, timelineEntrySchema, type ThreadRefDoc, type TimelineEntryDoc } from './timeline-entry.schema';

/**
 * Number collisions only happen under a non-atomic counter (FerretDB). Every
 * collision means another create won that number, so all creators progress;
 * the bound only guards against a bug looping forever.
 */
const MAX_NUMBER_ATTEMPTS = 1000;

export function threadRefId(workspaceId: string, kind: ThreadRefDoc['kind'], value: string): string {
  return deterministicId(workspaceId, 'thread-ref', kind, value);
}

/**
 * A reply target as mongoose stores it: the schema's fields in its order (the identity's too), nothing else,
 * undefined ones left out (`UpdateOptions.asStored`; `ticket-inbound-stored.int-spec` writes it both ways).
 */
export function storedReplyTarget(target: ReplyTarget | null): ReplyTarget | null {
  if (!target) return null;
  const { kind, value, pageId, teamId, displayName } = target.identity as Identity & {
    pageId?: string;
    teamId?: string;
    displayName?: string;
  };
  return {
    channel: target.channel,
    identity: { kind, value, pageId, teamId, displayName } as Identity,
    providerThreadId: target.providerThreadId,
    messageRef: target.messageRef,
    references: target.references,
    recipient: target.recipient,
    wroteAt: target.wroteAt,
  };
}

/** An outbound message's entry while its delivery is still `from` (an entry written without one counts as requested). */
function deliveryFrom(entryId: string, from: DeliveryStatus): FilterQuery<TimelineEntryDoc> {
  return from === 'requested'
    ? { _id: entryId, $or: [{ 'delivery.status': 'requested' }, { delivery: null }] }
    : { _id: entryId, 'delivery.status': from };
}

interface NumberReservation {
  count: number;
  resolve: (first: number) => void;
  reject: (error: unknown) => void;
  context: AsyncResource;
}

/** Tickets, their numbers, timelines and thread references; every query is scoped to one workspace. */
export class TicketRepository {
  private readonly tickets: Model<TicketDoc>;
  private readonly counters: Model<TicketCounterDoc>;
  private readonly timeline: Model<TimelineEntryDoc>;
  private readonly threadRefs: Model<ThreadRefDoc>;
  /** Per workspace, the number reservations waiting, the first one's `$inc` under way (see `reserveNumbers`). */
  private readonly reservations = new Map<string, NumberReservation[]>();

  constructor(connection: Connection) {
    this.tickets = connection.model<TicketDoc>('Ticket', ticketSchema, 'tickets');
    this.counters = connection.model<TicketCounterDoc>('TicketCounter', ticketCounterSchema, 'ticket_counters');
    this.timeline = connection.model<TimelineEntryDoc>('TimelineEntry', timelineEntrySchema, 'timeline');
    this.threadRefs = connection.model<ThreadRefDoc>('ThreadRef', threadRefSchema, 'thread_refs');
  }

  /**
   * Next ticket number of a workspace: an `$inc` on a per-workspace counter.
   * Atomic on MongoDB; FerretDB 1.x runs findAndModify as read-then-write, so
   * two instances (a process sends one at a time, `reserveNumbers`) can get the same number there. `createOnce` is what
   * keeps numbers unique: the unique (workspaceId, number) index refuses the
   * second and it takes the next number.
   */
  async nextNumber(workspaceId: string): Promise<number> {
    return this.reserveNumbers(workspaceId, 1);
  }

  /**
   * `count` consecutive numbers (a batch opening several tickets); answers the first. One `$inc` of a workspace's
   * counter at a time in this process: FerretDB's read-then-write gave the partitions' batches, reserving at once,
   * the same numbers, and every ticket of the losing batches then went through `createOnce` one by one. Asked
   * while one is under way, reservations wait for it and go together in the next `$inc`, each its own range.
   */
  reserveNumbers(workspaceId: string, count: number): Promise<number> {
    return new Promise((resolve, reject) => {
      let queue = this.reservations.get(workspaceId);
      if (!queue) this.reservations.set(workspaceId, (queue = []));
      // The `$inc` runs in the context of the first reservation it serves (store operations are counted per batch).
      queue.push({ count, resolve, reject, context: new AsyncResource('ticket-numbers') });
      if (queue.length === 1) void this.reserveQueued(workspaceId, queue);
    });
  }

  /** Works a workspace's queue of reservations until it is empty: what came meanwhile goes in one `$inc`. */
  private async reserveQueued(workspaceId: string, queue: NumberReservation[]): Promise<void> {
    let group = [queue[0]];
    while (group.length > 0) {
      const count = group.reduce((total, reservation) => total + reservation.count, 0);
      try {
        const last = await group[0].context.runInAsyncScope(() => this.incrementOnce(workspaceId, count));
        let next = last - count + 1;
        for (const reservation of group) {
          reservation.resolve(next);
          next += reservation.count;
        }
      } catch (error) {
        for (const reservation of group) reservation.reject(error);
      }
      queue.splice(0, group.length);
      group = [...queue];
    }
    this.reservations.delete(workspaceId);
  }

  /** The counter after adding `by` (created by the first). */
  private async incrementOnce(workspaceId: string, by: number): Promise<number> {
    try {
      return await this.incrementCounter(workspaceId, by);
    } catch (error) {
      // Two first tickets of a workspace at once (another instance): both upserts insert, one loses; the counter exists now.
      if (!isDuplicateKeyError(error)) throw error;
      return this.incrementCounter(workspaceId, by);
    }
  }

  private async incrementCounter(workspaceId: string, by: number): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate({ _id: workspaceId }, { $inc: { seq: by } }, { upsert: true, new: true })
      .lean();
    if (!counter) throw new Error('ticket counter upsert returned nothing');
    return counter.seq;
  }

  /** New tickets in one round trip; answers the ids refused by a unique key (the id, or a number taken meanwhile). */
  insertOnce(tickets: TicketDoc[]): Promise<Set<string>> {
    return insertManyOnce(this.tickets, tickets);
  }

  /**
   * Inserts a ticket with a deterministic id and a fresh number. If the id
   * exists (a redelivery, or another consumer opening the same customer's
   * ticket at the same moment), returns the stored ticket; if the number was
   * taken by a concurrent create, tries the next one.
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

  /**
   * Writes a change that claimed version `fromVersion + 1` (see TicketChanges).
   * Conditional on the version it was decided on, so a late or repeated write
   * of an old change never overwrites a newer one.
   */
  async applyVersion(ticketId: string, fromVersion: number, set: Partial<TicketDoc>): Promise<boolean> {
    const result = await this.tickets.updateOne(
      { _id: ticketId, version: fromVersion },
      { $set: { updatedAt: new Date(), ...set, version: fromVersion + 1 } },
    );
    return result.modifiedCount === 1;
  }

  /**
   * A new contact on a ticket: bump its activity and remember where to answer.
   * Not a versioned change. Contacts of one ticket may arrive out of order
   * (different channels, different partitions): only a newer one moves them.
   */
  async recordInboundContact(ticketId: string, at: Date, replyTarget: TicketDoc['replyTarget']): Promise<void> {
    await this.tickets.updateOne({ _id: ticketId, lastContactAt: { $lte: at } }, { $set: { lastContactAt: at, replyTarget } });
  }

  /** `recordInboundContact` for several tickets in one round trip. */
  async recordInboundContacts(contacts: { ticketId: string; at: Date; replyTarget: TicketDoc['replyTarget'] }[]): Promise<void> {
    await updateEach(
      this.tickets,
      contacts.map(({ ticketId, at, replyTarget }) => ({
        updateOne: {
          filter: { _id: ticketId, lastContactAt: { $lte: at } },
          update: { $set: { lastContactAt: at, replyTarget: storedReplyTarget(replyTarget) } },
        },
      })),
      // Strings, a date and the target in its stored shape: what mongoose's casting would make of them.
      { asStored: true },
    );
  }

  /**
   * Checks tickets a batch took from its memory instead of reading them (see `PartitionMemory`), with
   * the inbound contact it records on each, if any: each update applies only if the ticket still has
   * the version and customer remembered, and `lastContactAt` as asked: exactly as remembered, or not
   * after the contact, or anything (null). Answers the tickets of commands in which something did not match:
   * the caller reads those and decides which memories were stale.
   */
  async recordInboundContactsIf(
    checks: {
      ticketId: string;
      version: number;
      customerId: string;
      lastContactAt: { exactly: Date } | { atMost: Date } | null;
      contact: { at: Date; replyTarget: TicketDoc['replyTarget'] } | null;
    }[],
  ): Promise<string[]> {
    const matched = await updateEachMatched(
      this.tickets,
      checks.map(({ ticketId, version, customerId, lastContactAt, contact }) => ({
        updateOne: {
          filter: {
            _id: ticketId,
            version,
            customerId,
            ...(lastContactAt && {
              lastContactAt: 'exactly' in lastContactAt ? lastContactAt.exactly : { $lte: lastContactAt.atMost },
            }),
          },
          // Without a contact: a write of what is there, for its match alone.
          update: {
            $set: contact ? { lastContactAt: contact.at, replyTarget: storedReplyTarget(contact.replyTarget) } : { version },
          },
        },
      })),
      // As `recordInboundContacts` (the filter's values too are of their paths' types).
      { asStored: true },
    );
    return checks.filter((_, i) => !matched[i]).map((check) => check.ticketId);
  }

  /** After a customer merge, the merged customer's tickets are the survivor's. */
  async reassignCustomer(workspaceId: string, fromCustomerId: string, toCustomerId: string): Promise<void> {
    await this.tickets.updateMany({ workspaceId, customerId: fromCustomerId }, { $set: { customerId: toCustomerId } });
  }

  /** The sla service's view of the ticket, only if newer than the one stored (events may repeat or overtake). */
  async setSla(ticketId: string, sla: { state: SlaState; dueAt: Date | null; revision: number }): Promise<boolean> {
    const result = await this.tickets.updateOne(
      { _id: ticketId, $or: [{ slaRevision: { $lt: sla.revision } }, { slaRevision: { $exists: false } }] },
      { $set: { slaState: sla.state, slaDueAt: sla.dueAt, slaRevision: sla.revision } },
    );
    return result.modifiedCount === 1;
  }

  async setSearchText(ticketId: string, searchText: string): Promise<void> {
    await this.tickets.updateOne({ _id: ticketId }, { $set: { searchText } });
  }

  list(workspaceId: string, query: TicketListQuery): Promise<TicketDoc[]> {
    const filter: FilterQuery<TicketDoc> = { workspaceId, mergedInto: null, ...query.filter };
    const after = cursorFilter(query);
    const where = after ? { $and: [filter, after] } : filter;
    return this.tickets.find(where).sort(sortSpec(query)).limit(query.limit).lean<TicketDoc[]>();
  }

  /**
   * Tickets that may need an agent now, up to `max` of each status; the caller orders them (see
   * today-view). One equality query per status: FerretDB 1.x answers that from an index and reads
   * only the backlog, where `$in` would read every ticket the workspace ever had.
   */
  async actionable(workspaceId: string, assigneeId: string, max: number): Promise<TicketDoc[]> {
    const perStatus = await Promise.all(
      (['new', 'open'] as const).map((status) =>
        this.tickets
          .find({ workspaceId, status, mergedInto: null, $or: [{ assigneeId }, { assigneeId: null }] })
          .limit(max)
          .lean<TicketDoc[]>(),
      ),
    );
    return perStatus.flat();
  }

  ofCustomer(workspaceId: string, customerId: string): Promise<TicketDoc[]> {
    return this.tickets.find({ workspaceId, customerId }).sort({ number: -1 }).limit(200).lean<TicketDoc[]>();
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

  /** Timeline entries in one round trip; answers the ids that were already there. */
  addTimelineEntriesOnce(entries: TimelineEntryDoc[]): Promise<Set<string>> {
    return insertManyOnce(this.timeline, entries);
  }

  /**
   * `addTimelineEntriesOnce` for the entries the intake builds (`contactTimelineEntry`,
   * `unfollowedNoteEntry`): already in the stored shape, so written as they are (see `InsertOptions.asStored`;
   * `contact-entry-stored.int-spec` writes them both ways and compares).
   */
  addContactEntriesOnce(entries: TimelineEntryDoc[]): Promise<Set<string>> {
    return insertManyOnce(this.timeline, entries, { asStored: true });
  }

  /**
   * Contacts' entries rewritten onto the ticket they were decided onto again (rare: an entry written
   * before a ticket that was then never written). One by one: an entry has one writer, its contact's partition.
   */
  async moveTimelineEntries(entries: TimelineEntryDoc[]): Promise<void> {
    for (const entry of entries) await this.timeline.replaceOne({ _id: entry._id }, entry);
  }

  /** Moves an outbound message's delivery on, only from the status it was seen in (no step back under races). */
  async setDelivery(
    entryId: string,
    from: DeliveryStatus,
    delivery: NonNullable<TimelineEntryDoc['delivery']>,
  ): Promise<boolean> {
    const result = await this.timeline.updateOne(deliveryFrom(entryId, from), { $set: { delivery } });
    return result.modifiedCount === 1;
  }

  /**
   * `setDelivery` for several entries in few commands (see `updateEachMatched`): per entry, true when surely moved;
   * false when its command did not match all it carried (this one, or a neighbour, was moved on by someone else).
   */
  setDeliveries(
    moves: { entryId: string; from: DeliveryStatus; delivery: NonNullable<TimelineEntryDoc['delivery']> }[],
  ): Promise<boolean[]> {
    return updateEachMatched(
      this.timeline,
      moves.map(({ entryId, from, delivery }) => ({
        updateOne: { filter: deliveryFrom(entryId, from), update: { $set: { delivery } } },
      })) as BulkWrites<TimelineEntryDoc>,
    );
  }

  /**
   * `setDeliveries` without reading the entries first: each outbound message of that workspace and ticket moved to
   * `delivery` if its delivery is still one of `fromAny` (an entry written without one counts as requested). Answers,
   * per move, whether its command matched all it carried (see `updateEachMatched`).
   */
  setDeliveriesFromAny(
    moves: {
      workspaceId: string;
      ticketId: string;
      entryId: string;
      fromAny: DeliveryStatus[];
      delivery: NonNullable<TimelineEntryDoc['delivery']>;
    }[],
  ): Promise<boolean[]> {
    return updateEachMatched(
      this.timeline,
      moves.map(({ workspaceId, ticketId, entryId, fromAny, delivery }) => ({
        updateOne: {
          filter: {
            _id: entryId,
            workspaceId,
            ticketId,
            kind: 'message',
            direction: 'outbound',
            $or: [{ 'delivery.status': { $in: fromAny } }, ...(fromAny.includes('requested') ? [{ delivery: null }] : [])],
          },
          update: { $set: { delivery } },
        },
      })) as BulkWrites<TimelineEntryDoc>,
    );
  }

  findTimelineEntry(workspaceId: string, id: string): Promise<TimelineEntryDoc | null> {
    return findInWorkspace(this.timeline, workspaceId, id);
  }

  /** The ticket's history with that of tickets merged into it, in the order things happened. */
  async timelineOf(ticket: Pick<TicketDoc, 'workspaceId' | '_id' | 'mergedTicketIds'>): Promise<TimelineEntryDoc[]> {
    const ids = [ticket._id, ...ticket.mergedTicketIds];
    // One query per ticket rather than `$in` (a scan on FerretDB); merged tickets are few.
    const parts = await Promise.all(
      ids.map((ticketId) => this.timeline.find({ workspaceId: ticket.workspaceId, ticketId }).lean<TimelineEntryDoc[]>()),
    );
    return parts
      .flat()
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime());
  }

  /** Records an explicit reference to a ticket; the first ticket to claim a reference keeps it. */
  async addThreadRef(workspaceId: string, ticketId: string, kind: ThreadRefDoc['kind'], value: string): Promise<void> {
    try {
      await this.threadRefs.create({ _id: threadRefId(workspaceId, kind, value), workspaceId, ticketId, kind, value });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** `addThreadRef` for several references in one round trip. */
  async addThreadRefs(refs: Omit<ThreadRefDoc, '_id'>[]): Promise<void> {
    // Built here in the schema's stored shape (five strings, in its order): written as they are (`InsertOptions.asStored`).
    await insertManyOnce(
      this.threadRefs,
      refs.map(({ workspaceId, ticketId, kind, value }) => ({
        _id: threadRefId(workspaceId, kind, value),
        workspaceId,
        ticketId,
        kind,
        value,
      })),
      { asStored: true },
    );
  }

  async ticketByThreadRef(workspaceId: string, kind: ThreadRefDoc['kind'], value: string): Promise<string | null> {
    const ref = await findInWorkspace(this.threadRefs, workspaceId, threadRefId(workspaceId, kind, value));
    return ref?.ticketId ?? null;
  }
}
