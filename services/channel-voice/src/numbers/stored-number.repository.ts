import { Schema, type Connection, type Model } from 'mongoose';
import { callSetupSchema, type CallSetup } from '@threadline/contracts';
import { findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';

/** A number an admin gave a workspace through the API; its `_id` is the number, so one owner is a unique insert. */
export interface StoredNumberDoc {
  _id: string;
  workspaceId: string;
  /** As validated by callSetupSchema (defaults filled in); null = the default setup. */
  calls: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredNumber {
  number: string;
  workspaceId: string;
  calls: CallSetup | null;
  createdAt: Date;
  updatedAt: Date;
}

const storedNumberSchema = new Schema<StoredNumberDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    calls: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export type CreateOutcome = { created: StoredNumber } | { takenBy: string };

export class StoredNumberRepository {
  private readonly numbers: Model<StoredNumberDoc>;

  constructor(connection: Connection) {
    this.numbers = connection.model<StoredNumberDoc>('VoiceNumber', storedNumberSchema, 'voice_numbers');
  }

  /** The unique `_id` is the arbiter: of two workspaces adding one number at once, one wins (FerretDB has nothing else atomic). */
  async create(workspaceId: string, number: string, calls: CallSetup | null): Promise<CreateOutcome> {
    const now = new Date();
    const doc: StoredNumberDoc = { _id: number, workspaceId, calls, createdAt: now, updatedAt: now };
    try {
      await this.numbers.create(doc);
      return { created: toNumber(doc) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const owner = await this.numbers.findById(number).lean<StoredNumberDoc>();
      return { takenBy: owner?.workspaceId ?? 'unknown' };
    }
  }

  async update(workspaceId: string, number: string, calls: CallSetup | null): Promise<StoredNumber | null> {
    if (!(await this.find(workspaceId, number))) return null;
    // By _id alone: any other filter is a collection scan on FerretDB.
    await this.numbers.updateOne({ _id: number }, { $set: { calls, updatedAt: new Date() } });
    return this.find(workspaceId, number);
  }

  async remove(workspaceId: string, number: string): Promise<boolean> {
    if (!(await this.find(workspaceId, number))) return false;
    await this.numbers.deleteOne({ _id: number });
    return true;
  }

  async find(workspaceId: string, number: string): Promise<StoredNumber | null> {
    const doc = await findInWorkspace(this.numbers, workspaceId, number);
    return doc ? toNumber(doc) : null;
  }

  /** Every workspace's numbers: the collection is small (one document per Twilio number), read whole and cached by the directory. */
  async all(): Promise<StoredNumber[]> {
    return (await this.numbers.find({}).lean<StoredNumberDoc[]>()).map(toNumber);
  }
}

function toNumber(doc: StoredNumberDoc): StoredNumber {
  // Parsed again on the way out so the rest of the service gets a typed setup, never a loose document.
  const calls = doc.calls === null || doc.calls === undefined ? null : callSetupSchema.parse(doc.calls);
  return { number: doc._id, workspaceId: doc.workspaceId, calls, createdAt: doc.createdAt, updatedAt: doc.updatedAt };
}
