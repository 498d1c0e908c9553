import { Schema, type Connection, type Model } from 'mongoose';

/** What one workspace's daily retention run removed: counts only, like the audit entry. */
export interface RetentionCounts {
  closedTickets: number;
  messages: number;
  notes: number;
  chatTranscriptLines: number;
  callRecordings: number;
  attachments: number;
}

export interface RetentionRunDoc {
  /** `<workspace>:<local day>`: one per workspace and day, however many instances or attempts. */
  _id: string;
  workspaceId: string;
  day: string;
  /** The instants before which each kind of data expired (null: that period is off). */
  cutoffs: Record<string, Date | null>;
  counts: RetentionCounts;
  /** The instance that ran it, and which attempt of the day (2 and more: taken over from one that stopped). */
  instance: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
}

const retentionRunSchema = new Schema<RetentionRunDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    day: { type: String, required: true },
    cutoffs: { type: Schema.Types.Mixed, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    instance: { type: String, required: true },
    attempt: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

/** The results of the daily retention runs, per workspace, for the admins' route. */
export class RetentionRunsRepository {
  private readonly runs: Model<RetentionRunDoc>;

  constructor(connection: Connection) {
    this.runs = connection.model<RetentionRunDoc>('RetentionRun', retentionRunSchema, 'retention_runs');
  }

  /** Records a finished run; a takeover that redid the day replaces the first attempt's record. */
  async record(run: RetentionRunDoc): Promise<void> {
    const { _id, ...fields } = run;
    await this.runs.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  async exists(workspaceId: string, day: string): Promise<boolean> {
    return (await this.runs.findOne({ _id: `${workspaceId}:${day}` }, { _id: 1 }).lean()) !== null;
  }

  /** Newest first. */
  async latest(workspaceId: string, limit: number): Promise<RetentionRunDoc[]> {
    const runs = await this.runs.find({ workspaceId }).lean<RetentionRunDoc[]>();
    return runs.sort((a, b) => b.day.localeCompare(a.day)).slice(0, limit);
  }
}
