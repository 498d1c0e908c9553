import { Schema, type Connection, type Model } from 'mongoose';
import type { RetentionSettings } from '@threadline/contracts';

export interface RetentionSettingsDoc extends RetentionSettings {
  /** The workspace: one document each, read by point lookup. */
  _id: string;
  updatedAt: Date;
  updatedBy: string | null;
}

const period = { type: Number, default: null };
const retentionSettingsSchema = new Schema<RetentionSettingsDoc>(
  {
    _id: { type: String, required: true },
    closedTicketsMonths: period,
    chatTranscriptsMonths: period,
    callRecordingsMonths: period,
    rejectedMailsDays: period,
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, default: null },
  },
  { versionKey: false },
);

/** Every period off: nothing expires until an admin sets one. */
export const RETENTION_OFF: RetentionSettings = {
  closedTicketsMonths: null,
  chatTranscriptsMonths: null,
  callRecordingsMonths: null,
  rejectedMailsDays: null,
};

export const retentionIsOff = (settings: RetentionSettings) =>
  Object.values(settings).every((value: number | null) => value === null);

/** The workspaces' retention periods (RODO), one document per workspace. */
export class RetentionSettingsRepository {
  private readonly settings: Model<RetentionSettingsDoc>;

  constructor(connection: Connection) {
    this.settings = connection.model<RetentionSettingsDoc>('RetentionSettings', retentionSettingsSchema, 'retention_settings');
  }

  async of(workspaceId: string): Promise<RetentionSettings & { updatedAt: Date | null; updatedBy: string | null }> {
    const doc = await this.settings.findOne({ _id: workspaceId }).lean<RetentionSettingsDoc>();
    if (!doc) return { ...RETENTION_OFF, updatedAt: null, updatedBy: null };
    const { _id, ...settings } = doc;
    return settings;
  }

  async put(workspaceId: string, settings: RetentionSettings, by: string, at: Date): Promise<void> {
    await this.settings.updateOne(
      { _id: workspaceId },
      { $set: { ...settings, updatedAt: at, updatedBy: by } },
      { upsert: true },
    );
  }

  /** The workspaces with some period set (the daily run's work list; a small collection, read whole). */
  async withSomePeriod(): Promise<RetentionSettingsDoc[]> {
    return (await this.settings.find({}).lean<RetentionSettingsDoc[]>()).filter((doc) => !retentionIsOff(doc));
  }
}
