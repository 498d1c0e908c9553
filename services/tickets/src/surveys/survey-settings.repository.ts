import { Schema, type Connection, type Model } from 'mongoose';
import type { SurveySettingsBody } from '@threadline/contracts';

export type SurveySettings = SurveySettingsBody & { updatedAt: Date | null };

/** A workspace that never set them: no survey, the platform's own notices. */
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  enabled: false,
  scale: 'csat',
  surveyNotice: null,
  chatNotice: null,
  updatedAt: null,
};

interface SurveySettingsDoc extends SurveySettings {
  _id: string;
}

const noticeSchema = { type: Schema.Types.Mixed, default: null };
const settingsSchema = new Schema<SurveySettingsDoc>(
  {
    _id: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    scale: { type: String, required: true },
    surveyNotice: noticeSchema,
    chatNotice: noticeSchema,
    updatedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);

/** One document per workspace (`_id` = workspace id), written only by its admins. */
export class SurveySettingsRepository {
  private readonly settings: Model<SurveySettingsDoc>;

  constructor(connection: Connection) {
    this.settings =
      (connection.models.SurveySettings as Model<SurveySettingsDoc> | undefined) ??
      connection.model<SurveySettingsDoc>('SurveySettings', settingsSchema, 'survey_settings');
  }

  async of(workspaceId: string): Promise<SurveySettings> {
    const doc = await this.settings.findById(workspaceId).lean<SurveySettingsDoc>();
    if (!doc) return DEFAULT_SURVEY_SETTINGS;
    const { _id, ...settings } = doc;
    void _id;
    return settings;
  }

  async replace(workspaceId: string, settings: SurveySettingsBody, at: Date): Promise<SurveySettings> {
    const saved = { ...settings, updatedAt: at };
    await this.settings.replaceOne({ _id: workspaceId }, { _id: workspaceId, ...saved }, { upsert: true });
    return saved;
  }
}
