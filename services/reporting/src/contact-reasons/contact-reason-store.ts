import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';
import { duplicateFailures } from '../read-models/duplicate-failures';
import type { NaiveBayesModel, Suggestion } from './naive-bayes';

/** A contact's words waiting for the ticket it opens (a join buffer: removed once joined, or once it is a reply). */
export interface ContactTextDoc {
  /** The tickets service's timeline entry id of the contact (its `ticket.message-added.v1` messageId). */
  _id: string;
  workspaceId: string;
  tokens: string[];
  at: Date;
}

/** One ticket as the classifier knows it: the words it was opened with, the category an agent gave, the suggestion. */
export interface ExampleDoc {
  _id: string;
  workspaceId: string;
  ticketId: string;
  number: number;
  customerId: string;
  subjectTokens: string[];
  /** The opening message's words; null until they are joined. */
  tokens: string[] | null;
  /** The opening message's timeline entry id, once its ticket message was seen (its words may come later). */
  openingEntryId: string | null;
  /** The category an agent set last; null: not labelled. */
  category: string | null;
  labelled: boolean;
  heldBack: boolean;
  suggestion: (Suggestion & { trainedAt: Date }) | null;
  createdAt: Date;
}

/** A workspace's model: one document, rewritten whole by each training. */
export interface ModelDoc {
  _id: string;
  workspaceId: string;
  model: NaiveBayesModel;
  /** Labelled tickets per category, trained on and held back together. */
  labelCounts: Record<string, number>;
  trainedOn: number;
  heldBack: number;
  /** Share of held-back labels the model suggests first; null while none is held back. */
  heldBackAccuracy: number | null;
  trainedAt: Date;
}

const loose = { versionKey: false, strict: false } as const;
const textSchema = new Schema<ContactTextDoc>({ _id: String, workspaceId: String }, loose);
const exampleSchema = new Schema<ExampleDoc>(
  { _id: String, workspaceId: String, number: Number, labelled: Boolean, customerId: String },
  loose,
);
// Training reads a workspace's labelled tickets, the agent API one ticket by number: equality both.
exampleSchema.index({ workspaceId: 1, labelled: 1 });
exampleSchema.index({ workspaceId: 1, number: 1 });
const modelSchema = new Schema<ModelDoc>({ _id: String, workspaceId: String }, loose);

export const exampleIdOf = (workspaceId: string, ticketId: string) => deterministicId(workspaceId, 'contact-reason', ticketId);

/**
 * The classifier's documents: contact words waiting for their ticket, one
 * example per ticket (written only by the consumer of that ticket's
 * partition), one model per workspace. All read by `_id` or one equality.
 */
export class ContactReasonStore {
  readonly texts: Model<ContactTextDoc>;
  readonly examples: Model<ExampleDoc>;
  readonly models: Model<ModelDoc>;

  constructor(connection: Connection) {
    this.texts = connection.model<ContactTextDoc>('ContactReasonText', textSchema, 'contact_reason_texts');
    this.examples = connection.model<ExampleDoc>('ContactReasonExample', exampleSchema, 'contact_reason_examples');
    this.models = connection.model<ModelDoc>('ContactReasonModel', modelSchema, 'contact_reason_models');
  }

  async ensureIndexes(): Promise<void> {
    await this.examples.createIndexes();
  }

  /** Keeps a contact's words once (a redelivery finds them there). */
  async keepText(doc: ContactTextDoc): Promise<void> {
    try {
      await this.texts.collection.insertOne(doc as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Many contacts' words in one unordered insert, each kept once like `keepText` (one there already stays). */
  async keepTexts(docs: ContactTextDoc[]): Promise<void> {
    if (docs.length === 0) return;
    try {
      await this.texts.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      duplicateFailures(error);
    }
  }

  text(workspaceId: string, entryId: string): Promise<ContactTextDoc | null> {
    return findInWorkspace(this.texts, workspaceId, entryId);
  }

  /**
   * The example with its opening words: a contact that reached reporting after
   * its ticket's message (another topic) waits under its entry id, read here
   * rather than written into the example by a second writer.
   */
  async withOpeningWords(example: ExampleDoc): Promise<ExampleDoc> {
    if (example.tokens !== null || !example.openingEntryId) return example;
    const text = await this.text(example.workspaceId, example.openingEntryId);
    return text ? { ...example, tokens: text.tokens } : example;
  }

  async dropText(entryId: string): Promise<void> {
    await this.texts.deleteOne({ _id: entryId });
  }

  example(workspaceId: string, ticketId: string): Promise<ExampleDoc | null> {
    return findInWorkspace(this.examples, workspaceId, exampleIdOf(workspaceId, ticketId));
  }

  async exampleByNumber(workspaceId: string, number: number): Promise<ExampleDoc | null> {
    return this.examples.findOne({ workspaceId, number }).lean<ExampleDoc>();
  }

  /** Created once per ticket: a redelivered creation changes nothing. */
  async addExample(doc: ExampleDoc): Promise<void> {
    try {
      await this.examples.collection.insertOne(doc as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async updateExample(workspaceId: string, ticketId: string, set: Partial<ExampleDoc>): Promise<void> {
    await this.examples.updateOne({ _id: exampleIdOf(workspaceId, ticketId) }, { $set: set });
  }

  labelled(workspaceId: string): Promise<ExampleDoc[]> {
    return this.examples.find({ workspaceId, labelled: true }).lean<ExampleDoc[]>();
  }

  /** Removes tickets' examples (an erasure, an expiry); answers how many there were. */
  async dropExamples(workspaceId: string, ticketIds: string[]): Promise<number> {
    const removed = await Promise.all(
      ticketIds.map((id) => this.examples.deleteOne({ _id: exampleIdOf(workspaceId, id) }).then((r) => r.deletedCount)),
    );
    return removed.reduce((a, b) => a + b, 0);
  }

  model(workspaceId: string): Promise<ModelDoc | null> {
    return this.models.findOne({ _id: workspaceId }).lean<ModelDoc>();
  }

  /** The whole model replaces the last one: two trainers of one workspace each write a complete model, never a mix. */
  async saveModel(doc: ModelDoc): Promise<void> {
    await this.models.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }
}
