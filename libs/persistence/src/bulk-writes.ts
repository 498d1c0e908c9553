import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/** The write operations `Model<T>.bulkWrite` takes. */
export type BulkWrites<T> = Parameters<Model<T>['bulkWrite']>[0];

interface WriteErrorLike {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

/**
 * Inserts documents in one round trip, unordered: each either goes in or is
 * refused by a unique index, and the rest still go in. Returns the `_id`s of
 * the refused ones (the caller decides whether "already there" is fine).
 * Any other failure throws.
 */
export async function insertManyOnce<T extends { _id: string }>(model: Model<T>, docs: T[]): Promise<Set<string>> {
  const refused = new Set<string>();
  if (docs.length === 0) return refused;
  try {
    // Through bulkWrite rather than insertMany: its write errors carry the index into `docs` as given.
    await model.bulkWrite(docs.map((document) => ({ insertOne: { document } })) as BulkWrites<T>, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: WriteErrorLike[] }).writeErrors;
    if (!Array.isArray(writeErrors) || writeErrors.length === 0) throw error;
    for (const writeError of writeErrors) {
      const code = writeError.code ?? writeError.err?.code;
      const index = writeError.index ?? writeError.err?.index;
      if (!isDuplicateKeyError({ code }) || index === undefined) throw error;
      refused.add(docs[index]._id);
    }
  }
  return refused;
}

/** Several updates in one round trip, unordered (each stands alone). */
export async function updateEach<T>(model: Model<T>, updates: BulkWrites<T>): Promise<void> {
  if (updates.length === 0) return;
  await model.bulkWrite(updates, { ordered: false });
}
