import { Schema, type Connection, type Model } from 'mongoose';
import type { AcknowledgementSettings } from '@threadline/contracts';

export interface StoredAcknowledgementSettings {
  /** The workspace id: one document per workspace, read by a point lookup. */
  _id: string;
  settings: AcknowledgementSettings;
  /** 1 for the first admin's settings, +1 with each change. */
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

const schema = new Schema<StoredAcknowledgementSettings>(
  {
    _id: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

/** Each workspace's acknowledgement settings as its admins last saved them (none: the service's defaults). */
export class AcknowledgementSettingsRepository {
  private readonly docs: Model<StoredAcknowledgementSettings>;

  constructor(connection: Connection) {
    this.docs = connection.model<StoredAcknowledgementSettings>('AcknowledgementSettings', schema, 'acknowledgement_settings');
  }

  find(workspaceId: string): Promise<StoredAcknowledgementSettings | null> {
    return this.docs.findOne({ _id: workspaceId }).lean<StoredAcknowledgementSettings>().exec();
  }

  /** Writes version `next.version` over the one before it; false when another admin's change got there first. */
  async save(next: StoredAcknowledgementSettings): Promise<boolean> {
    if (next.version === 1) {
      try {
        await this.docs.create(next);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    const { _id, ...fields } = next;
    const result = await this.docs.updateOne({ _id, version: next.version - 1 }, { $set: fields });
    return result.modifiedCount === 1;
  }
}
