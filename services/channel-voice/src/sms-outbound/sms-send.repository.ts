import { Schema, type Connection, type Model } from 'mongoose';
import { ERASED_TEXT } from '@threadline/contracts';
import { isDuplicateKeyError } from '@threadline/persistence';

export type SendState = 'sending' | 'sent' | 'failed';

export interface SmsSendDoc {
  /** Our outbound message id (outbound.requested.v1's messageId): one send per id, ever. */
  _id: string;
  workspaceId: string;
  state: SendState;
  to: string;
  from: string | null;
  providerMessageId: string | null;
  reason: string | null;
  claimedAt: Date;
  updatedAt: Date;
}

const sendSchema = new Schema<SmsSendDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    state: { type: String, required: true },
    to: { type: String, required: true },
    from: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    reason: { type: String, default: null },
    claimedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface SidLinkDoc {
  /** Twilio's MessageSid, so a status callback finds our message by `_id`. */
  _id: string;
  messageId: string;
  workspaceId: string;
}

const sidLinkSchema = new Schema<SidLinkDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    workspaceId: { type: String, required: true },
  },
  { versionKey: false },
);

/**
 * The record that makes sending idempotent: the first handler of a message id
 * claims it by a unique insert (atomic on FerretDB and MongoDB alike); anyone
 * later finds the claim and never calls Twilio again.
 */
export class SmsSendRepository {
  private readonly sends: Model<SmsSendDoc>;
  private readonly sids: Model<SidLinkDoc>;

  constructor(connection: Connection) {
    this.sends = connection.model<SmsSendDoc>('SmsSend', sendSchema, 'sms_sends');
    this.sids = connection.model<SidLinkDoc>('SmsSidLink', sidLinkSchema, 'sms_sids');
  }

  /** The claim for this message, or the earlier one when someone claimed it already. */
  async claim(messageId: string, workspaceId: string, to: string): Promise<{ claimed: boolean; doc: SmsSendDoc }> {
    const now = new Date();
    const doc: SmsSendDoc = {
      _id: messageId,
      workspaceId,
      state: 'sending',
      to,
      from: null,
      providerMessageId: null,
      reason: null,
      claimedAt: now,
      updatedAt: now,
    };
    try {
      await this.sends.create(doc);
      return { claimed: true, doc };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const earlier = await this.sends.findOne({ _id: messageId }).lean<SmsSendDoc>();
      if (!earlier) throw error;
      return { claimed: false, doc: earlier };
    }
  }

  async markSent(messageId: string, from: string, providerMessageId: string): Promise<void> {
    await this.sends.updateOne({ _id: messageId }, { $set: { state: 'sent', from, providerMessageId, updatedAt: new Date() } });
  }

  async markFailed(messageId: string, reason: string): Promise<void> {
    await this.sends.updateOne({ _id: messageId }, { $set: { state: 'failed', reason, updatedAt: new Date() } });
  }

  async linkSid(providerMessageId: string, messageId: string, workspaceId: string): Promise<void> {
    try {
      await this.sids.create({ _id: providerMessageId, messageId, workspaceId });
    } catch (error) {
      // Linked before (a redelivered send re-announcing): Twilio never reuses a MessageSid.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** An erased customer's SMS keep their outcome, not the number they went to. */
  async forget(workspaceId: string, messageIds: string[]): Promise<void> {
    for (const _id of messageIds) await this.sends.updateOne({ _id, workspaceId }, { $set: { to: ERASED_TEXT } });
  }

  findBySid(providerMessageId: string): Promise<SidLinkDoc | null> {
    return this.sids.findOne({ _id: providerMessageId }).lean<SidLinkDoc>();
  }
}
