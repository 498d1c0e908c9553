import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';

interface ConversationDoc {
  _id: string;
  workspaceId: string;
  pageId: string;
  psid: string;
  /** When the customer last wrote to the Page: Meta's messaging window counts from it. */
  lastInboundAt: Date;
}

const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    pageId: { type: String, required: true },
    psid: { type: String, required: true },
    lastInboundAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** The customer's last message time per Page and PSID, for the 24-hour window. */
export class MessengerConversationRepository {
  private readonly conversations: Model<ConversationDoc>;

  constructor(connection: Connection) {
    this.conversations = connection.model<ConversationDoc>(
      'MessengerConversation',
      conversationSchema,
      'messenger_conversations',
    );
  }

  /** Moves the time forward only: a late redelivery of an old message does not shrink the window. */
  async touch(workspaceId: string, pageId: string, psid: string, at: Date): Promise<void> {
    const upsert = () =>
      this.conversations.updateOne(
        { _id: deterministicId(pageId, psid) },
        { $set: { workspaceId, pageId, psid }, $max: { lastInboundAt: at } },
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

  async lastInboundAt(pageId: string, psid: string): Promise<Date | null> {
    // By _id alone (FerretDB picks bad plans for compound lookups).
    const doc = await this.conversations.findOne({ _id: deterministicId(pageId, psid) }).lean<ConversationDoc>();
    return doc?.lastInboundAt ?? null;
  }
}
