import { Schema, type Connection, type Model } from 'mongoose';
import { deterministicId } from '@threadline/persistence';
import { labelKey, type CategoryLabel } from '../recurring/recurring-problems';
import { duplicateFailures } from './duplicate-failures';

type LabelDoc = CategoryLabel & { _id: string; key: string };
interface RecurringClaim {
  _id: string;
  workspaceId: string;
  /** The batch that counted it: a retry of the same batch owns it still, any other sees it counted. */
  batch: string;
}

const labelSchema = new Schema<LabelDoc>({ _id: String, key: String, workspaceId: String }, { versionKey: false, strict: false });
labelSchema.index({ key: 1 });
const claimSchema = new Schema<RecurringClaim>({ _id: String, workspaceId: String, batch: String }, { versionKey: false });
const keySchema = new Schema<{ _id: string }>({ _id: String }, { versionKey: false });

/**
 * What recurring problems are found from: every (customer, category, ticket)
 * label, insert-only, read by one equality (`key`: workspace, customer and
 * category); and which recurring tickets were counted (a unique insert
 * each), so two partitions that both see one never count it twice.
 */
export class CategoryLabelStore {
  readonly labels: Model<LabelDoc>;
  readonly claims: Model<RecurringClaim>;
  /** One document per label key ever labelled: its unique insert tells a key's first labels, which need no read. */
  readonly keys: Model<{ _id: string }>;

  constructor(connection: Connection) {
    this.labels = connection.model<LabelDoc>('ReportCategoryLabel', labelSchema, 'report_category_labels');
    this.claims = connection.model<RecurringClaim>('ReportRecurringClaim', claimSchema, 'report_recurring_claims');
    this.keys = connection.model<{ _id: string }>('ReportCategoryKey', keySchema, 'report_category_keys');
  }

  /**
   * Marks label keys as labelled (one unordered unique insert, after their
   * labels are inserted): answers the keys marked now, whose only labels are
   * the caller's — of two writers labelling one key at once, the one refused
   * reads and sees both. A key marked before (also by an earlier try of the
   * same batch) is read as usual.
   */
  async firstLabelled(keys: string[]): Promise<Set<string>> {
    const first = new Set(keys);
    if (keys.length === 0) return first;
    try {
      await this.keys.collection.insertMany(
        keys.map((key) => ({ _id: deterministicId(key) }) as never),
        { ordered: false },
      );
    } catch (error) {
      for (const i of duplicateFailures(error)) first.delete(keys[i]);
    }
    return first;
  }

  /** Inserts labels (one unordered insert); one already there is left as it is. */
  async add(labels: CategoryLabel[]): Promise<void> {
    if (labels.length === 0) return;
    try {
      await this.labels.collection.insertMany(
        labels.map((l) => ({ _id: labelIdOf(l), key: labelKey(l), ...l }) as never),
        { ordered: false },
      );
    } catch (error) {
      duplicateFailures(error);
    }
  }

  async ofKey(key: string): Promise<CategoryLabel[]> {
    const docs = await this.labels.find({ key }).lean<LabelDoc[]>();
    return docs.map(({ _id, key: k, ...label }) => (void _id, void k, label));
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

const labelIdOf = (l: CategoryLabel) => deterministicId(l.workspaceId, l.customerId, l.category, l.ticketId);
