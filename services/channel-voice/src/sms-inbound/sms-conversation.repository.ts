import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';

interface ConversationDoc {
  _id: string;
  workspaceId: string;
  customer: string;
  /** Our number the customer last texted: replies go out from it. */
  ourNumber: string;
  updatedAt: Date;
}

const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    customer: { type: String, required: true },
    ourNumber: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** Which of the workspace's numbers each customer talks to, so a reply comes from the number they know. */
export class SmsConversationRepository {
  private readonly conversations: Model<ConversationDoc>;

  constructor(connection: Connection) {
    this.conversations = connection.model<ConversationDoc>('SmsConversation', conversationSchema, 'sms_conversations');
  }

  async remember(workspaceId: string, customer: string, ourNumber: string): Promise<void> {
    const upsert = () =>
      this.conversations.updateOne(
        { _id: deterministicId(workspaceId, customer) },
        { $set: { workspaceId, customer, ourNumber, updatedAt: new Date() } },
        { upsert: true },
      );
    try {
      await upsert();
    } catch (error) {
      // Two webhooks of one customer at once: both upserts try the insert, one loses; the document exists now.
      if (!isDuplicateKeyError(error)) throw error;
      await upsert();
    }
  }

  async ourNumberFor(workspaceId: string, customer: string): Promise<string | null> {
    // By _id alone (FerretDB picks bad plans for compound lookups); the id already includes the workspace.
    const doc = await this.conversations.findOne({ _id: deterministicId(workspaceId, customer) }).lean<ConversationDoc>();
    return doc?.ourNumber ?? null;
  }
}
