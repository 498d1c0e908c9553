import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';
import type { ChatLine, ReadMarks } from './chat-protocol';

interface VisitorDoc {
  /** `<workspaceId>:<visitorKey>` */
  _id: string;
  /** Bumped when the visitor closes a chat: the next message opens a new session. */
  generation: number;
  updatedAt: Date;
}

export interface ChatSessionDoc {
  _id: string;
  workspaceId: string;
  visitorKey: string;
  status: 'open' | 'closed';
  name: string | null;
  email: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

interface LineDoc extends ChatLine {
  /** `<sessionId>:<seq>`: the history is read by _id lookups, never by a filter (FerretDB scans those). */
  _id: string;
  sessionId: string;
}

interface ClaimDoc {
  /** `<sessionId>:<line id>`: a line is written once, whichever instance or retry gets there first. */
  _id: string;
  at: Date;
}

const visitorSchema = new Schema<VisitorDoc>(
  { _id: String, generation: { type: Number, required: true }, updatedAt: { type: Date, required: true } },
  { versionKey: false },
);
const sessionSchema = new Schema<ChatSessionDoc>(
  {
    _id: String,
    workspaceId: { type: String, required: true },
    visitorKey: { type: String, required: true },
    status: { type: String, required: true },
    name: { type: String, default: null },
    email: { type: String, default: null },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
const lineSchema = new Schema<LineDoc>(
  {
    _id: String,
    sessionId: { type: String, required: true },
    id: { type: String, required: true },
    from: { type: String, required: true },
    text: { type: String, required: true },
    at: { type: String, required: true },
  },
  { versionKey: false },
);
const claimSchema = new Schema<ClaimDoc>({ _id: String, at: { type: Date, required: true } }, { versionKey: false });

export type ChatReader = keyof ReadMarks;
/** `<sessionId>:<reader>:<line id>`: the reader saw the other side's lines up to that one. Insert-only, like claims. */
const readMarkId = (sessionId: string, reader: ChatReader, lineId: string) => `${sessionId}:${reader}:${lineId}`;

const HISTORY_BATCH = 20;

/**
 * Visitors, their sessions and each session's transcript. Every write that
 * two instances could race on is a unique insert (FerretDB's only atomic
 * step); every read is by _id.
 */
export class ChatStoreRepository {
  private readonly visitors: Model<VisitorDoc>;
  private readonly sessions: Model<ChatSessionDoc>;
  private readonly lines: Model<LineDoc>;
  private readonly claims: Model<ClaimDoc>;
  private readonly readMarks: Model<ClaimDoc>;
  /** The next free seq per session as this instance last saw it: a hint, the unique index decides. */
  private readonly nextSeq = new Map<string, number>();

  constructor(connection: Connection) {
    this.visitors = connection.model<VisitorDoc>('ChatVisitor', visitorSchema, 'chat_visitors');
    this.sessions = connection.model<ChatSessionDoc>('ChatSession', sessionSchema, 'chat_sessions');
    this.lines = connection.model<LineDoc>('ChatLine', lineSchema, 'chat_transcript');
    this.claims = connection.model<ClaimDoc>('ChatLineClaim', claimSchema, 'chat_transcript_claims');
    this.readMarks = connection.model<ClaimDoc>('ChatReadMark', claimSchema, 'chat_read_marks');
  }

  async generationOf(workspaceId: string, visitorKey: string): Promise<number> {
    const doc = await this.visitors.findOne({ _id: `${workspaceId}:${visitorKey}` }).lean<VisitorDoc>();
    return doc?.generation ?? 1;
  }

  async findSession(sessionId: string): Promise<ChatSessionDoc | null> {
    return this.sessions.findOne({ _id: sessionId }).lean<ChatSessionDoc>();
  }

  /** The session, opened now unless it exists (two tabs opening it at once open the same one). */
  async openSession(doc: Omit<ChatSessionDoc, 'status' | 'closedAt'>): Promise<ChatSessionDoc> {
    try {
      const created: ChatSessionDoc = { ...doc, status: 'open', closedAt: null };
      await this.sessions.create(created);
      return created;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.findSession(doc._id);
      if (!existing) throw error;
      return existing;
    }
  }

  async rememberContact(sessionId: string, contact: { name: string | null; email: string | null }): Promise<void> {
    const set = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== null));
    if (Object.keys(set).length > 0) await this.sessions.updateOne({ _id: sessionId }, { $set: set });
  }

  /** Closes the session and moves the visitor to the next generation; repeating it changes nothing more. */
  async closeSession(session: ChatSessionDoc, generation: number, at: Date): Promise<void> {
    await this.sessions.updateOne({ _id: session._id }, { $set: { status: 'closed', closedAt: at } });
    const id = `${session.workspaceId}:${session.visitorKey}`;
    // Only the visitor's own sockets close their session, so read-then-write cannot lose a competing update here.
    await this.visitors.updateOne({ _id: id }, { $set: { generation: generation + 1, updatedAt: at } }, { upsert: true });
  }

  /** Appends a line once per line id; false when it was there already. */
  async appendOnce(sessionId: string, line: ChatLine): Promise<boolean> {
    try {
      await this.claims.create({ _id: `${sessionId}:${line.id}`, at: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    for (let seq = this.nextSeq.get(sessionId) ?? 1; ; seq++) {
      try {
        await this.lines.create({ _id: `${sessionId}:${seq}`, sessionId, ...line });
        this.nextSeq.set(sessionId, seq + 1);
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  async wasRecorded(sessionId: string, lineId: string): Promise<boolean> {
    return (await this.claims.findOne({ _id: `${sessionId}:${lineId}` }).lean()) !== null;
  }

  /** The transcript in order: seq 1, 2, … read by _id in batches until the first gap (appends leave none). */
  async history(sessionId: string): Promise<ChatLine[]> {
    const lines: ChatLine[] = [];
    for (let first = 1; ; first += HISTORY_BATCH) {
      const batch = await Promise.all(
        Array.from({ length: HISTORY_BATCH }, (_, i) => this.lines.findOne({ _id: `${sessionId}:${first + i}` }).lean<LineDoc>()),
      );
      for (const doc of batch) {
        if (!doc) {
          this.nextSeq.set(sessionId, Math.max(this.nextSeq.get(sessionId) ?? 1, lines.length + 1));
          return lines;
        }
        lines.push({ id: doc.id, from: doc.from, text: doc.text, at: doc.at });
      }
    }
  }

  /**
   * An erased customer's chat goes whole: its transcript with each line's
   * claim and read marks, the session (name, e-mail, visitor key) and the
   * visitor (their key is their chat identity). A browser coming back with the
   * same key starts afresh. Repeating it finds nothing more.
   */
  async forgetSession(workspaceId: string, sessionId: string): Promise<void> {
    const session = await this.findSession(sessionId);
    if (!session || session.workspaceId !== workspaceId) return;
    for (let seq = 1; ; seq++) {
      const line = await this.lines.findOne({ _id: `${sessionId}:${seq}` }).lean<LineDoc>();
      if (!line) break;
      await this.claims.deleteOne({ _id: `${sessionId}:${line.id}` });
      for (const reader of ['visitor', 'agent'] as const)
        await this.readMarks.deleteOne({ _id: readMarkId(sessionId, reader, line.id) });
      await this.lines.deleteOne({ _id: line._id });
    }
    this.nextSeq.delete(sessionId);
    await this.visitors.deleteOne({ _id: `${workspaceId}:${session.visitorKey}` });
    await this.sessions.deleteOne({ _id: sessionId });
  }

  /** The reader has seen the other side's lines up to `lineId`; a repeat changes nothing. */
  async markRead(sessionId: string, reader: ChatReader, lineId: string, at: Date): Promise<void> {
    try {
      await this.readMarks.create({ _id: readMarkId(sessionId, reader, lineId), at });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * The newest line of the other side each reader has marked, from the end of
   * the history backwards (a reader usually marked the last line or nearly so),
   * by _id lookups in batches.
   */
  async readMarksOf(sessionId: string, history: ChatLine[]): Promise<ReadMarks> {
    const newestFirst = (from: ChatLine['from']) =>
      history
        .filter((line) => line.from === from)
        .map((line) => line.id)
        .reverse();
    const [visitor, agent] = await Promise.all([
      this.newestMarked(sessionId, 'visitor', newestFirst('agent')),
      this.newestMarked(sessionId, 'agent', newestFirst('visitor')),
    ]);
    return { visitor, agent };
  }

  private async newestMarked(sessionId: string, reader: ChatReader, lineIds: string[]): Promise<string | null> {
    for (let first = 0; first < lineIds.length; first += HISTORY_BATCH) {
      const batch = lineIds.slice(first, first + HISTORY_BATCH);
      const marks = await Promise.all(
        batch.map((id) => this.readMarks.findOne({ _id: readMarkId(sessionId, reader, id) }).lean()),
      );
      const hit = marks.findIndex((mark) => mark !== null);
      if (hit >= 0) return batch[hit];
    }
    return null;
  }
}
