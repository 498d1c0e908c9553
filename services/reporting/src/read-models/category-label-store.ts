import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId, isDuplicateKeyError } from '@threadline/persistence';
import type { CategoryLabel } from '../recurring/recurring-problems';
import { duplicateFailures } from './duplicate-failures';

/**
 * One customer's labels of one category (`_id`: their label key), as one JSON
 * string (FerretDB writes nested fields about four times slower), with how
 * many it holds (`n`), so a writer replaces only the labels it read.
 */
interface LabelKeyDoc {
  _id: string;
  workspaceId: string;
  labels: string;
  n: number;
}
interface RecurringClaim {
  _id: string;
  workspaceId: string;
  /** The batch that counted it: a retry of the same batch owns it still, any other sees it counted. */
  batch: string;
}

const labelSchema = new Schema<LabelKeyDoc>({ _id: String, workspaceId: String }, { versionKey: false, strict: false });
const claimSchema = new Schema<RecurringClaim>({ _id: String, workspaceId: String, batch: String }, { versionKey: false });

/**
 * What recurring problems are found from: one document per (customer,
 * category) holding all its labels, read and written by `_id`; and which
 * recurring tickets were counted (a unique insert each), so two partitions
 * that both see one never count it twice.
 */
export class CategoryLabelStore {
  readonly labels: Model<LabelKeyDoc>;
  readonly claims: Model<RecurringClaim>;

  constructor(connection: Connection) {
    this.labels = connection.model<LabelKeyDoc>('ReportCategoryLabel', labelSchema, 'report_category_labels');
    this.claims = connection.model<RecurringClaim>('ReportRecurringClaim', claimSchema, 'report_recurring_claims');
  }

  /**
   * Adds labels to their keys and answers every key's labels as stored
   * after. The keys never labelled before (most of a replay's) cost one
   * unordered insert together and no read. A key labelled before is read and
   * replaced only if it still holds what was read (FerretDB applies
   * `$addToSet` as read-then-write, which could lose a label): of two writers
   * labelling one key at once, the one refused reads again and sees both.
   */
  async addAndRead(byKey: Map<string, CategoryLabel[]>): Promise<Map<string, CategoryLabel[]>> {
    const keys = [...byKey.keys()];
    const after = new Map(byKey);
    if (keys.length === 0) return after;
    let known: number[] = [];
    try {
      await this.labels.collection.insertMany(
        keys.map((key) => labelDoc(key, byKey.get(key)!) as never),
        { ordered: false },
      );
    } catch (error) {
      known = duplicateFailures(error);
    }
    await Promise.all(known.map(async (i) => after.set(keys[i], await this.addTo(keys[i], byKey.get(keys[i])!))));
    return after;
  }

  private async addTo(key: string, added: CategoryLabel[]): Promise<CategoryLabel[]> {
    for (;;) {
      const stored = await this.labels.findOne({ _id: key }).lean<LabelKeyDoc>();
      // Removed since the insert was refused (a rebuild's drop): written afresh.
      if (!stored) {
        const inserted = await this.labels.collection.insertOne(labelDoc(key, added) as never).then(
          () => true,
          (error: unknown) => {
            if (!isDuplicateKeyError(error)) throw error;
            return false;
          },
        );
        if (inserted) return added;
        continue;
      }
      const storedLabels = JSON.parse(stored.labels) as CategoryLabel[];
      const ids = new Set(storedLabels.map(labelIdOf));
      const fresh = added.filter((l) => !ids.has(labelIdOf(l)));
      if (fresh.length === 0) return storedLabels;
      const labels = [...storedLabels, ...fresh];
      const { matchedCount } = await this.labels.replaceOne({ _id: key, n: stored.n }, labelDoc(key, labels));
      if (matchedCount === 1) return labels;
    }
  }

  /** Claims the labels as counted by `batch`: answers the ones this batch counts (now, or in an earlier try). */
  async claim(labels: CategoryLabel[], batch: string): Promise<CategoryLabel[]> {
    if (labels.length === 0) return [];
    const ids = labels.map(labelIdOf);
    let refused: number[] = [];
    try {
      await this.claims.collection.insertMany(
        labels.map((l, i) => ({ _id: ids[i], workspaceId: l.workspaceId, batch }) as never),
        { ordered: false },
      );
    } catch (error) {
      refused = duplicateFailures(error);
    }
    const ours = await Promise.all(
      refused.map(async (i) => (await this.claims.findOne({ _id: ids[i] }).lean<RecurringClaim>())?.batch === batch),
    );
    const lost = new Set(refused.filter((_, n) => !ours[n]));
    return labels.filter((_, i) => !lost.has(i));
  }

  /** Gives back what `batch` claimed (it failed before counting them). By `batch`, a scan: only a failed batch asks. */
  async releaseClaims(batch: string): Promise<void> {
    await this.claims.deleteMany({ batch });
  }
}

const labelDoc = (key: string, labels: CategoryLabel[]): LabelKeyDoc => ({
  _id: key,
  workspaceId: labels[0].workspaceId,
  labels: JSON.stringify(labels),
  n: labels.length,
});

const labelIdOf = (l: CategoryLabel) => deterministicId(l.workspaceId, l.customerId, l.category, l.ticketId);
