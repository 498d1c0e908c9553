import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './errors';
import pLimit from 'p-limit';

/** The write operations `Model<T>.bulkWrite` takes. */
export type BulkWrites<T> = Parameters<Model<T>['bulkWrite']>[0];

interface WriteErrorLike {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

export interface InsertOptions {
  /**
   * The documents are already what mongoose would store: every path of the schema's type, in the
   * schema's order, none it lacks, valid. They go to the driver as given (undefined fields left out,
   * as mongoose leaves them), without mongoose building and validating a document of each: ~450 µs
   * of CPU per timeline entry, four times the write itself. Only for documents built by our own code,
   * with a test that writes them both ways and finds the same stored documents.
   */
  asStored?: boolean;
}

/**
 * Inserts documents in one round trip, unordered: each either goes in or is
 * refused by a unique index, and the rest still go in. Returns the `_id`s of
 * the refused ones (the caller decides whether "already there" is fine).
 * Any other failure throws.
 */
export async function insertManyOnce<T extends { _id: string }>(
  model: Model<T>,
  docs: T[],
  options: InsertOptions = {},
): Promise<Set<string>> {
  const refused = new Set<string>();
  if (docs.length === 0) return refused;
  try {
    // Through bulkWrite rather than insertMany: its write errors carry the index into `docs` as given.
    if (options.asStored) {
      await model.collection.bulkWrite(
        docs.map((document) => ({ insertOne: { document: document as never } })),
        { ordered: false, ignoreUndefined: true },
      );
    } else {
      await model.bulkWrite(docs.map((document) => ({ insertOne: { document } })) as BulkWrites<T>, { ordered: false });
    }
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

/**
 * Most updates per `update` command. Until the embedded store's FerretDB was patched
 * (infra/ferretdb/patches/0002), each statement of a command kept a PostgreSQL connection until
 * the command ended, so commands of 100 froze it and this was 4; a statement now reads, closes and
 * writes, one connection at a time.
 */
export const UPDATES_PER_COMMAND = 100;
/**
 * For `updateEachMatched`: a command answers one count for all its updates, so a miss sends the
 * caller back to every update of that command; kept small so a miss costs few re-reads.
 */
export const MATCHED_UPDATES_PER_COMMAND = 4;
/** Update commands of this process in flight at once. */
const UPDATE_COMMANDS_IN_FLIGHT = 2;
const updateCommands = pLimit(UPDATE_COMMANDS_IN_FLIGHT);

export interface UpdateOptions {
  /**
   * Filters and updates already hold what mongoose would cast them to (each value of its path's type;
   * a subdocument in the schema's stored shape: its fields in the schema's order, none it lacks). They go
   * to the driver as given (undefined fields left out), without mongoose casting them: casting a
   * subdocument (`$set` of a ticket's `replyTarget`) builds a mongoose document for it, the largest part of
   * the intake's CPU per batch. Only for updates built by our own code, with a test that applies them both
   * ways and finds the same stored documents.
   */
  asStored?: boolean;
}

/** One `update` command: through mongoose's casting, or (`asStored`) straight to the driver. */
function bulkUpdate<T>(model: Model<T>, chunk: BulkWrites<T>, options: UpdateOptions): Promise<{ matchedCount: number }> {
  if (!options.asStored) return model.bulkWrite(chunk, { ordered: false });
  return model.collection.bulkWrite(chunk as never, { ordered: false, ignoreUndefined: true });
}

/** Several updates in few round trips, unordered (each stands alone); see UPDATES_PER_COMMAND. */
export async function updateEach<T>(model: Model<T>, updates: BulkWrites<T>, options: UpdateOptions = {}): Promise<void> {
  for (let start = 0; start < updates.length; start += UPDATES_PER_COMMAND) {
    const chunk = updates.slice(start, start + UPDATES_PER_COMMAND);
    await updateCommands(() => bulkUpdate(model, chunk, options));
  }
}

/**
 * `updateEach` for conditional updates: answers, per update, whether the command that carried it
 * matched every update it carried (a command answers one count for all of them, so a `false` marks
 * the update's neighbours in that command too — the caller looks at those again).
 */
export async function updateEachMatched<T>(
  model: Model<T>,
  updates: BulkWrites<T>,
  options: UpdateOptions = {},
): Promise<boolean[]> {
  const matched: boolean[] = [];
  for (let start = 0; start < updates.length; start += MATCHED_UPDATES_PER_COMMAND) {
    const chunk = updates.slice(start, start + MATCHED_UPDATES_PER_COMMAND);
    const result = await updateCommands(() => bulkUpdate(model, chunk, options));
    matched.push(...chunk.map(() => result.matchedCount === chunk.length));
  }
  return matched;
}
