import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';
import type { TicketFacts } from '../policies/policy-match';
import type { ClockState } from './sla-clock';

/** A ticket's clock as stored: one document per ticket, `_id` the ticket id (point lookups only). */
export interface SlaClockDoc {
  _id: string;
  workspaceId: string;
  number: number;
  /** The ticket-topic partition: the instance holding it fires this ticket's timers. */
  partition: number;
  facts: TicketFacts;
  policyId: string;
  policyName: string;
  time: 'business' | 'calendar';
  clock: ClockState;
  /** The latest moment applied (events may carry slightly older times). */
  lastAt: Date;
  /** Bumped by every write: the optimistic lock between the consumer and the timer poller. */
  revision: number;
  /** The last events applied, so a redelivered one is recognised. */
  appliedEventIds: string[];
  timerIds: string[];
  updatedAt: Date;
}

const slaClockSchema = new Schema<SlaClockDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    number: { type: Number, required: true },
    partition: { type: Number, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    policyId: { type: String, required: true },
    policyName: { type: String, required: true },
    time: { type: String, required: true },
    clock: { type: Schema.Types.Mixed, required: true },
    lastAt: { type: Date, required: true },
    revision: { type: Number, required: true },
    appliedEventIds: { type: [String], default: [] },
    timerIds: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export class SlaClockRepository {
  private readonly clocks: Model<SlaClockDoc>;

  constructor(connection: Connection) {
    this.clocks = connection.model<SlaClockDoc>('SlaClock', slaClockSchema, 'sla_clocks');
  }

  async get(ticketId: string): Promise<SlaClockDoc | null> {
    const doc = await this.clocks.findOne({ _id: ticketId }).lean<SlaClockDoc>();
    return doc ? revive(doc) : null;
  }

  /** The ids of a workspace's clocks still counting (an equality on the indexed workspace; the status is checked here). */
  async *openOf(workspaceId: string): AsyncGenerator<string> {
    const cursor = this.clocks
      .find({ workspaceId }, { _id: 1, 'clock.status': 1 })
      .lean<Pick<SlaClockDoc, '_id' | 'clock'>[]>()
      .cursor();
    for await (const doc of cursor) if (doc.clock.status !== 'closed') yield doc._id;
  }

  /** False when another writer created it first. */
  async create(doc: SlaClockDoc): Promise<boolean> {
    try {
      await this.clocks.create(doc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** New clocks in one bulk write (seeding a store for a load test; the service itself writes one at a time). */
  async insertMany(docs: SlaClockDoc[]): Promise<void> {
    await this.clocks.insertMany(docs, { ordered: false, lean: true });
  }

  /** Writes only over the revision read: false when another writer got there first. */
  async replace(doc: SlaClockDoc, readRevision: number): Promise<boolean> {
    const { _id, ...fields } = doc;
    const result = await this.clocks.updateOne({ _id, revision: readRevision }, { $set: fields });
    return result.matchedCount === 1;
  }
}

/** Dates inside the mixed `clock` come back as Dates from both stores; this also mends ISO strings. */
function revive(doc: SlaClockDoc): SlaClockDoc {
  for (const target of Object.values(doc.clock.targets)) {
    if (!target) continue;
    target.since = new Date(target.since);
    target.dueAt = target.dueAt ? new Date(target.dueAt) : null;
    target.warnAt = target.warnAt ? new Date(target.warnAt) : null;
  }
  return doc;
}
