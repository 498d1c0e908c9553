import { ALL, type CounterDelta } from '../projection/counter-delta';
import type { CategoryLabelStore } from '../read-models/category-label-store';
import { labelKey, recurringTickets, withinWindow, type CategoryLabel } from './recurring-problems';

/**
 * Finds the recurring problems a batch's new labels reveal, each counted
 * once: the labels are added to their customer's and category's document
 * first and read back as stored after, so of two tickets labelled at once by
 * two partitions at least one sees the other; the recurring ticket is then
 * claimed by a unique insert, so only one of them counts it. A customer's
 * category labelled for the first time costs one insert and no read (most of
 * a replay's customers). It counts on the local day the recurring ticket was
 * opened, for the workspace and its category.
 */
export class FindRecurringProblems {
  constructor(private readonly store: CategoryLabelStore) {}

  async execute(labels: CategoryLabel[], batch: string): Promise<{ workspaceId: string; delta: CounterDelta }[]> {
    if (labels.length === 0) return [];
    const byKey = new Map<string, CategoryLabel[]>();
    for (const label of labels) byKey.set(labelKey(label), [...(byKey.get(labelKey(label)) ?? []), label]);
    const stored = await this.store.addAndRead(byKey);
    // Only tickets near a new label can have changed: the others were decided before.
    const candidates = [...byKey].flatMap(([key, added]) =>
      recurringTickets(stored.get(key)!).filter((r) => added.some((a) => withinWindow(r, a))),
    );
    const counted = await this.store.claim(candidates, batch);
    return counted.map((l) => ({
      workspaceId: l.workspaceId,
      delta: { bucket: l.createdBucket, dimensions: [ALL, { kind: 'category', value: l.category }], inc: { recurring: 1 } },
    }));
  }
}
