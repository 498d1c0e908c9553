import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from './errors';
import { SecretBox } from './secret-box';

/** One database every service shares: a key created by a channel is opened by tickets and reporting. */
export const SUBJECT_KEYS_DATABASE = 'threadline_personal_data_keys';

interface SubjectKeyDoc {
  /** HMAC of workspace and subject under the master key: the store never names the person. */
  _id: string;
  keyId: string;
  workspaceId: string;
  /** The data key sealed with the master key (a copy of the store alone opens nothing). */
  wrapped: string;
  createdAt: Date;
}

/** A looked-up key is reused this long; an erasure reaches other instances' caches within it. */
const CACHE_MS = 30_000;
const CACHE_MAX = 20_000;

/**
 * Per-subject AES-256 keys in the store (collection `subject_keys`), wrapped by
 * PERSONAL_DATA_MASTER_KEY. Created on first use by a unique insert, so two
 * instances creating a subject's key at once agree on one. Destroying a key is
 * the erasure of everything sealed with it (crypto-shredding).
 */
export class SubjectKeyStore {
  private readonly box: SecretBox;
  private readonly byId = new Map<string, { key: Buffer | null; at: number }>();
  private readonly bySubject = new Map<string, { id: string; key: Buffer; at: number }>();
  private indexed: Promise<unknown> | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly masterKey: Buffer,
  ) {
    this.box = new SecretBox(masterKey);
  }

  private collection(): Collection<SubjectKeyDoc> {
    const keys = this.connection.useDb(SUBJECT_KEYS_DATABASE, { useCache: true }).collection<SubjectKeyDoc>('subject_keys');
    this.indexed ??= keys.createIndex({ keyId: 1 }, { unique: true });
    return keys;
  }

  private subjectId(workspaceId: string, subject: string): string {
    return createHmac('sha256', this.masterKey).update(`${workspaceId}\u0000${subject}`).digest('hex');
  }

  async keyFor(workspaceId: string, subject: string): Promise<{ id: string; key: Buffer }> {
    const _id = this.subjectId(workspaceId, subject);
    const cached = this.bySubject.get(_id);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached;
    const keys = this.collection();
    await this.indexed;
    let doc = await keys.findOne({ _id });
    if (!doc) {
      const fresh: SubjectKeyDoc = {
        _id,
        keyId: randomUUID(),
        workspaceId,
        wrapped: this.box.seal(randomBytes(32).toString('base64')),
        createdAt: new Date(),
      };
      try {
        await keys.insertOne(fresh);
        doc = fresh;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        doc = await keys.findOne({ _id });
        if (!doc) throw error;
      }
    }
    const found = { id: doc.keyId, key: Buffer.from(this.box.open(doc.wrapped), 'base64'), at: Date.now() };
    remember(this.bySubject, _id, found);
    return found;
  }

  async keyById(workspaceId: string, id: string): Promise<Buffer | null> {
    const cached = this.byId.get(id);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.key;
    const doc = await this.collection().findOne({ keyId: id });
    const key = doc && doc.workspaceId === workspaceId ? Buffer.from(this.box.open(doc.wrapped), 'base64') : null;
    remember(this.byId, id, { key, at: Date.now() });
    return key;
  }

  /** Destroys the subjects' keys: what they sealed can no longer be read anywhere. Answers how many existed. */
  async destroy(workspaceId: string, subjects: string[]): Promise<number> {
    let destroyed = 0;
    for (const subject of subjects) {
      const _id = this.subjectId(workspaceId, subject);
      const doc = await this.collection().findOneAndDelete({ _id });
      this.bySubject.delete(_id);
      if (doc) {
        this.byId.delete(doc.keyId);
        destroyed += 1;
      }
    }
    return destroyed;
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
