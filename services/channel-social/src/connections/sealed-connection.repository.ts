import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';
import { findInWorkspace, isDuplicateKeyError, type SecretBox } from '@threadline/persistence';

/** A provider connection as the channel uses it: a Facebook Page or a Slack team, with its secrets in the clear. */
export type Connected = { workspaceId: string } & Record<string, unknown>;

/** What tells one kind of connection from another: where it is kept, its id field, which fields are secret. */
export interface ConnectionKind<T extends Connected> {
  modelName: string;
  collection: string;
  /** The provider's id (pageId, teamId): the document's `_id`, so one owner is a unique insert. */
  idField: keyof T & string;
  secretFields: readonly (keyof T & string)[];
  /** The mongoose definitions of the other fields (secrets are strings). */
  fields: SchemaDefinition;
}

export type Stored<T extends Connected> = T & { createdAt: Date; updatedAt: Date };
/** The fields an admin may change: everything but the id and the workspace. */
export type ConnectionChange<T extends Connected> = Partial<Omit<T, 'workspaceId'>>;
export type CreateOutcome<T extends Connected> = { created: Stored<T> } | { takenBy: string };

interface ConnectionDoc {
  _id: string;
  workspaceId: string;
  createdAt: Date;
  updatedAt: Date;
  [field: string]: unknown;
}

/**
 * The connections admins added through the API, one document per provider
 * id. The secret fields are sealed with SecretBox before they reach the
 * store and opened only on the way to the directory; a copy of the database
 * gives none of them away.
 */
export class SealedConnectionRepository<T extends Connected> {
  private readonly docs: Model<ConnectionDoc>;

  constructor(
    connection: Connection,
    private readonly kind: ConnectionKind<T>,
    private readonly secrets: SecretBox,
  ) {
    const schema = new Schema<ConnectionDoc>(
      {
        _id: { type: String, required: true },
        workspaceId: { type: String, required: true, index: true },
        ...kind.fields,
        createdAt: { type: Date, required: true },
        updatedAt: { type: Date, required: true },
      },
      { versionKey: false },
    );
    this.docs = connection.model<ConnectionDoc>(kind.modelName, schema, kind.collection);
  }

  /** The unique `_id` is the arbiter: of two workspaces adding one Page at once, one wins (FerretDB has nothing else atomic). */
  async create(entry: T): Promise<CreateOutcome<T>> {
    const now = new Date();
    const { [this.kind.idField]: id, ...fields } = entry;
    const doc: ConnectionDoc = {
      ...this.seal(fields),
      _id: String(id),
      workspaceId: entry.workspaceId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.docs.create(doc);
      return { created: this.open(doc) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const owner = await this.docs.findById(doc._id).lean<ConnectionDoc>();
      return { takenBy: owner?.workspaceId ?? 'unknown' };
    }
  }

  /** Only the fields given change: a secret left out keeps the one stored (it is never shown, so never sent back). */
  async update(workspaceId: string, id: string, change: ConnectionChange<T>): Promise<Stored<T> | null> {
    if (!(await findInWorkspace(this.docs, workspaceId, id))) return null;
    // By _id alone: any other filter is a collection scan on FerretDB.
    await this.docs.updateOne({ _id: id }, { $set: { ...this.seal(change), updatedAt: new Date() } });
    return this.find(id);
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    if (!(await findInWorkspace(this.docs, workspaceId, id))) return false;
    await this.docs.deleteOne({ _id: id });
    return true;
  }

  /** Whichever workspace it belongs to (a webhook names the Page, not the workspace); a point read by `_id`. */
  async find(id: string): Promise<Stored<T> | null> {
    const doc = await this.docs.findById(id).lean<ConnectionDoc>();
    return doc ? this.open(doc) : null;
  }

  /** The workspace's connections, for its admins' list. */
  async ofWorkspace(workspaceId: string): Promise<Stored<T>[]> {
    const docs = await this.docs.find({ workspaceId }).sort({ createdAt: 1 }).lean<ConnectionDoc[]>();
    return docs.map((doc) => this.open(doc));
  }

  /** Every workspace's (one document per Page or team, a small collection). */
  async all(): Promise<Stored<T>[]> {
    return (await this.docs.find({}).lean<ConnectionDoc[]>()).map((doc) => this.open(doc));
  }

  private seal(fields: Record<string, unknown>): Record<string, unknown> {
    const sealed = { ...fields };
    for (const name of this.kind.secretFields) {
      if (typeof sealed[name] === 'string') sealed[name] = this.secrets.seal(sealed[name]);
    }
    return sealed;
  }

  private open(doc: ConnectionDoc): Stored<T> {
    const { _id, ...fields } = doc;
    const opened: Record<string, unknown> = { ...fields, [this.kind.idField]: _id };
    for (const name of this.kind.secretFields) opened[name] = this.secrets.open(String(doc[name]));
    return opened as Stored<T>;
  }
}
