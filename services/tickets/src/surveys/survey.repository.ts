import { Schema, type Connection, type Model } from 'mongoose';
import type { Channel, Identity, Language, SurveyScale } from '@threadline/contracts';
import { deterministicId, findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import { identityKey } from '../customers/customer.repository';

/** One ticket's survey: what was asked, of whom, and the answer. `_id` derives from the ticket: one survey per ticket. */
export interface SurveyDoc {
  _id: string;
  workspaceId: string;
  ticketId: string;
  number: number;
  customerId: string;
  channel: Channel;
  scale: SurveyScale;
  language: Language;
  /** The ticket's when it was closed: the answer is reported under them. */
  agentId: string | null;
  queue: string | null;
  category: string | null;
  closedAt: Date;
  sentAt: Date | null;
  answer: { score: number; channel: Channel; at: Date } | null;
  optedOutAt: Date | null;
}

/**
 * A survey sent by SMS or Messenger waiting for the customer's reply; `_id`
 * derives from the workspace, channel and the customer's address, so the
 * intake finds it by one point lookup. A newer survey to the same address
 * replaces it.
 */
interface AwaitedReplyDoc {
  _id: string;
  workspaceId: string;
  surveyId: string;
  until: Date;
}

/** A customer who asked not to be surveyed again (RODO: remembered until they are erased). */
interface OptOutDoc {
  _id: string;
  workspaceId: string;
  customerId: string;
  at: Date;
}

const surveySchema = new Schema<SurveyDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ticketId: { type: String, required: true },
    number: { type: Number, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, required: true },
    scale: { type: String, required: true },
    language: { type: String, required: true },
    agentId: { type: String, default: null },
    queue: { type: String, default: null },
    category: { type: String, default: null },
    closedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    answer: { type: Schema.Types.Mixed, default: null },
    optedOutAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
const awaitedSchema = new Schema<AwaitedReplyDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    surveyId: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);
const optOutSchema = new Schema<OptOutDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    customerId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
optOutSchema.index({ workspaceId: 1, customerId: 1 });

export const surveyIdOf = (workspaceId: string, ticketId: string) => deterministicId(workspaceId, 'survey', ticketId);
/**
 * A reply awaited from an address on a channel; on Slack also in one thread (a Slack user writes in many threads,
 * each its own ticket, so a bare "5" counts only in the thread the survey was asked in).
 */
const awaitedIdOf = (workspaceId: string, channel: Channel, to: Identity, thread: string | null) =>
  deterministicId(workspaceId, 'survey-reply', channel, identityKey(workspaceId, to), ...(thread === null ? [] : [thread]));
const optOutIdOf = (workspaceId: string, customerId: string) => deterministicId(workspaceId, 'survey-opt-out', customerId);

/** Surveys, replies awaited and opt-outs; every read a point lookup by `_id`. */
export class SurveyRepository {
  private readonly surveys: Model<SurveyDoc>;
  private readonly awaited: Model<AwaitedReplyDoc>;
  private readonly optOuts: Model<OptOutDoc>;

  constructor(connection: Connection) {
    const model = <T>(name: string, schema: Schema<T>, collection: string) =>
      (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, collection);
    this.surveys = model('Survey', surveySchema, 'surveys');
    this.awaited = model('SurveyAwaitedReply', awaitedSchema, 'survey_awaited_replies');
    this.optOuts = model('SurveyOptOut', optOutSchema, 'survey_opt_outs');
  }

  /** The ticket's survey as first written: a repeat (redelivery, a second close) finds the first. */
  async createOnce(survey: SurveyDoc): Promise<SurveyDoc> {
    try {
      await this.surveys.create(survey);
      return survey;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.find(survey.workspaceId, survey._id))!;
    }
  }

  find(workspaceId: string, surveyId: string): Promise<SurveyDoc | null> {
    return findInWorkspace(this.surveys, workspaceId, surveyId);
  }

  ofTicket(workspaceId: string, ticketId: string): Promise<SurveyDoc | null> {
    return this.find(workspaceId, surveyIdOf(workspaceId, ticketId));
  }

  /** Sent (or offered on the chat) at `at`; on `channel` when it went elsewhere than first meant (a chat's e-mail fallback). */
  async markSent(surveyId: string, at: Date, channel?: Channel): Promise<void> {
    await this.surveys.updateOne({ _id: surveyId }, { $set: { sentAt: at, ...(channel ? { channel } : {}) } });
  }

  async recordAnswer(surveyId: string, answer: NonNullable<SurveyDoc['answer']>): Promise<void> {
    await this.surveys.updateOne({ _id: surveyId }, { $set: { answer } });
  }

  async recordOptOut(survey: SurveyDoc, at: Date): Promise<void> {
    try {
      await this.optOuts.create({
        _id: optOutIdOf(survey.workspaceId, survey.customerId),
        workspaceId: survey.workspaceId,
        customerId: survey.customerId,
        at,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.surveys.updateOne({ _id: survey._id }, { $set: { optedOutAt: at } });
  }

  async optedOut(workspaceId: string, customerId: string): Promise<boolean> {
    return (await this.optOuts.exists({ _id: optOutIdOf(workspaceId, customerId) })) !== null;
  }

  async awaitReply(survey: SurveyDoc, to: Identity, until: Date, thread: string | null = null): Promise<void> {
    const _id = awaitedIdOf(survey.workspaceId, survey.channel, to, thread);
    await this.awaited.replaceOne(
      { _id },
      { _id, workspaceId: survey.workspaceId, surveyId: survey._id, until },
      { upsert: true },
    );
  }

  /** The survey waiting for a reply from this address on this channel, if one is still open. */
  async awaitingFrom(
    workspaceId: string,
    channel: Channel,
    from: Identity,
    now: Date,
    thread: string | null = null,
  ): Promise<SurveyDoc | null> {
    const awaited = await this.awaited.findById(awaitedIdOf(workspaceId, channel, from, thread)).lean<AwaitedReplyDoc>();
    if (!awaited || awaited.workspaceId !== workspaceId || awaited.until <= now) return null;
    return this.find(workspaceId, awaited.surveyId);
  }

  async stopAwaiting(workspaceId: string, channel: Channel, from: Identity, thread: string | null = null): Promise<void> {
    await this.awaited.deleteOne({ _id: awaitedIdOf(workspaceId, channel, from, thread) });
  }
}
