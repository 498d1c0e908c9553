import { Schema, type Connection, type Model } from 'mongoose';
import type { SlaTarget } from '@threadline/contracts';
import type { TimerKind } from './sla-clock';

/**
 * A due moment of a ticket's clock. Found by its bucket — partition and minute
 * as one string, an equality FerretDB evaluates in the store (no range scans).
 */
export interface SlaTimerDoc {
  /** `${ticketId}:${target}:${kind}:${cycle}`: one per firing, so moving it is an upsert. */
  _id: string;
  ticketId: string;
  workspaceId: string;
  target: SlaTarget;
  kind: TimerKind;
  cycle: number;
  dueAt: Date;
  bucket: string;
}

const slaTimerSchema = new Schema<SlaTimerDoc>(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    target: { type: String, required: true },
    kind: { type: String, required: true },
    cycle: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    bucket: { type: String, required: true, index: true },
  },
  { versionKey: false },
);

interface TimerCursorDoc {
  /** The partition number. */
  _id: number;
  /** The first minute not yet fully scanned. */
  minute: number;
}

const timerCursorSchema = new Schema<TimerCursorDoc>({ _id: Number, minute: Number }, { versionKey: false });

export const timerId = (ticketId: string, t: { target: SlaTarget; kind: TimerKind; cycle: number }) =>
  `${ticketId}:${t.target}:${t.kind}:${t.cycle}`;
export const bucketOf = (partition: number, minute: number) => `${partition}:${minute}`;
export const bucketPartitionOf = (bucket: string) => Number(bucket.slice(0, bucket.indexOf(':')));
export const bucketMinuteOf = (bucket: string) => Number(bucket.slice(bucket.indexOf(':') + 1));

export class SlaTimerRepository {
  private readonly timers: Model<SlaTimerDoc>;
  private readonly cursors: Model<TimerCursorDoc>;

  constructor(connection: Connection) {
    this.timers = connection.model<SlaTimerDoc>('SlaTimer', slaTimerSchema, 'sla_timers');
    this.cursors = connection.model<TimerCursorDoc>('SlaTimerCursor', timerCursorSchema, 'sla_timer_cursors');
  }

  async put(timers: SlaTimerDoc[]): Promise<void> {
    await Promise.all(timers.map(({ _id, ...fields }) => this.timers.updateOne({ _id }, { $set: fields }, { upsert: true })));
  }

  /** New timers in one bulk write (seeding a store for a load test). */
  async insertMany(timers: SlaTimerDoc[]): Promise<void> {
    await this.timers.insertMany(timers, { ordered: false, lean: true });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await Promise.all(ids.map((_id) => this.timers.deleteOne({ _id })));
  }

  inBucket(partition: number, minute: number): Promise<SlaTimerDoc[]> {
    return this.timers.find({ bucket: bucketOf(partition, minute) }).lean<SlaTimerDoc[]>();
  }

  async cursor(partition: number): Promise<number | null> {
    return (await this.cursors.findOne({ _id: partition }).lean<TimerCursorDoc>())?.minute ?? null;
  }

  async setCursor(partition: number, minute: number): Promise<void> {
    await this.cursors.updateOne({ _id: partition }, { $set: { minute } }, { upsert: true });
  }
}
