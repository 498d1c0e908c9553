import { Schema, type Connection, type Model } from 'mongoose';
import { ERASED_TEXT } from '@threadline/contracts';
import { isDuplicateKeyError } from '@threadline/persistence';

export type SendState = 'sending' | 'sent' | 'failed';

export interface SendClaimDoc {
  /** Our outbound message id (outbound.requested.v1's messageId): one send per id, ever. */
  _id: string;
  workspaceId: string;
  state: SendState;
  /** The recipient as the request named it (PSID, Slack user, phone number). */
  to: string;
  /** Where it went from (the Page id, the Slack channel, our number), once known. */
  via: string | null;
  providerMessageId: string | null;
  reason: string | null;
  claimedAt: Date;
  sentAt: Date | null;
  updatedAt: Date;
}

const claimSchema = new Schema<SendClaimDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    state: { type: String, required: true },
    to: { type: String, required: true },
    via: { type: String, default: null },
    providerMessageId: { type: String, default: null },
    reason: { type: String, default: null },
    claimedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface ProviderLinkDoc {
  /** The provider's message id (Messenger mid, Twilio MessageSid), so its receipts find our message by `_id`. */
  _id: string;
  messageId: string;
  workspaceId: string;
  /** Where it was sent from (the Page id): only that Page's receipts are about it. Absent on links of older releases. */
  via?: string | null;
}

/** Where a receipt came from: the workspace owning the Page that sent it, and the Page. */
export interface ReceiptSource {
  workspaceId: string;
  via: string;
}

/**
 * A receipt names our message only when it comes through the Page that sent
 * it, in its workspace: a message id alone is no proof (another workspace's
 * Page could send a receipt naming ours).
 */
export function receiptIsAbout(link: ProviderLinkDoc, source: ReceiptSource): boolean {
  return link.workspaceId === source.workspaceId && (link.via == null || link.via === source.via);
}

const linkSchema = new Schema<ProviderLinkDoc>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    workspaceId: { type: String, required: true },
    via: { type: String, default: null },
  },
  { versionKey: false },
);

/**
 * The record that makes sending idempotent: the first handler of a message id
 * claims it by a unique insert (atomic on FerretDB and MongoDB alike); anyone
 * later finds the claim and never calls the provider again.
 */
export class SendClaimsRepository {
  private readonly claims: Model<SendClaimDoc>;
  private readonly links: Model<ProviderLinkDoc>;

  /**
   * `name` prefixes the collections: `<name>_sends` and `<name>_provider_ids`
   * (`providerIds` names the second where an earlier release named it otherwise).
   */
  constructor(connection: Connection, name: string, { providerIds = `${name}_provider_ids` } = {}) {
    const model = name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase());
    this.claims = connection.model<SendClaimDoc>(`${model}Send`, claimSchema, `${name}_sends`);
    this.links = connection.model<ProviderLinkDoc>(`${model}ProviderId`, linkSchema, providerIds);
  }

  /** The claim for this message, or the earlier one when someone claimed it already. */
  async claim(messageId: string, workspaceId: string, to: string): Promise<{ claimed: boolean; doc: SendClaimDoc }> {
    const now = new Date();
    const doc: SendClaimDoc = {
      _id: messageId,
      workspaceId,
      state: 'sending',
      to,
      via: null,
      providerMessageId: null,
      reason: null,
      claimedAt: now,
      sentAt: null,
      updatedAt: now,
    };
    try {
      await this.claims.create(doc);
      return { claimed: true, doc };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const earlier = await this.claims.findOne({ _id: messageId }).lean<SendClaimDoc>();
      if (!earlier) throw error;
      return { claimed: false, doc: earlier };
    }
  }

  /** An erased customer's messages keep their outcome, not the provider id (PSID, Slack user, number) they went to. */
  async forget(workspaceId: string, messageIds: string[]): Promise<void> {
    for (const _id of messageIds) await this.claims.updateOne({ _id, workspaceId }, { $set: { to: ERASED_TEXT } });
  }

  async markSent(messageId: string, via: string, providerMessageId: string): Promise<void> {
    const now = new Date();
    await this.claims.updateOne(
      { _id: messageId },
      { $set: { state: 'sent', via, providerMessageId, sentAt: now, updatedAt: now } },
    );
  }

  async markFailed(messageId: string, reason: string): Promise<void> {
    await this.claims.updateOne({ _id: messageId }, { $set: { state: 'failed', reason, updatedAt: new Date() } });
  }

  async linkProviderId(providerMessageId: string, messageId: string, workspaceId: string, via: string): Promise<void> {
    try {
      await this.links.create({ _id: providerMessageId, messageId, workspaceId, via });
    } catch (error) {
      // Linked before (a redelivered send re-announcing): providers never reuse a message id.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Our message the provider's id names (a receipt signed with the one account that sent it). */
  findLink(providerMessageId: string): Promise<ProviderLinkDoc | null> {
    return this.links.findOne({ _id: providerMessageId }).lean<ProviderLinkDoc>();
  }

  /** Our message a receipt names, if the receipt comes from where that message went. */
  async findReceiptTarget(providerMessageId: string, source: ReceiptSource): Promise<ProviderLinkDoc | null> {
    const link = await this.findLink(providerMessageId);
    return link && receiptIsAbout(link, source) ? link : null;
  }
}
