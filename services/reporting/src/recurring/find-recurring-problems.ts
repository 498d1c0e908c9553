import { ALL, type CounterDelta } from '../projection/counter-delta';
import type { CategoryLabelStore } from '../read-models/category-label-store';
import { labelKey, recurringTickets, withinWindow, type CategoryLabel } from './recurring-problems';

/**
 * Finds the recurring problems a batch's new labels reveal, each counted
 * once: the labels are inserted first and the customer's labels of that
 * category read after, so of two tickets labelled at once by two partitions
 * at least one sees the other; the recurring ticket is then claimed by a
 * unique insert, so only one of them counts it. A customer's category
 * labelled for the first time (its key marked now, after its labels) is not
 * read: its labels are the batch's (most of a replay's customers). It counts on the local day
 * the recurring ticket was opened, for the workspace and its category.
 */
export class FindRecurringProblems {
  constructor(private readonly store: CategoryLabelStore) {}

  async execute(labels: CategoryLabel[], batch: string): Promise<{ workspaceId: string; delta: CounterDelta }[]> {
    if (labels.length === 0) return [];
    await this.store.add(labels);
    const byKey = new Map<string, CategoryLabel[]>();
    for (const label of labels) byKey.set(labelKey(label), [...(byKey.get(labelKey(label)) ?? []), label]);
    const first = await this.store.firstLabelled([...byKey.keys()]);
    const candidates = (
      await Promise.all(
        [...byKey].map(async ([key, added]) =>
          // Only tickets near a new label can have changed: the others were decided before.
          recurringTickets(first.has(key) ? added : await this.store.ofKey(key)).filter((r) =>
            added.some((a) => withinWindow(r, a)),
          ),
        ),
      )
    ).flat();
    const counted = await this.store.claim(candidates, batch);
    return counted.map((l) => ({
      workspaceId: l.workspaceId,
      delta: { bucket: l.createdBucket, dimensions: [ALL, { kind: 'category', value: l.category }], inc: { recurring: 1 } },
    }));
  }
}
