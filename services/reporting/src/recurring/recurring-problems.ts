import { deterministicId } from '@threadline/persistence';
import type { LocalBucket } from '../time-buckets/local-time';

/** "The same customer and category again within 30 days" (shown beside the figure). */
export const RECURRING_WINDOW_DAYS = 30;
const WINDOW_MS = RECURRING_WINDOW_DAYS * 86_400_000;

/** A ticket of a customer labelled with a category (once per ticket and category it was ever given). */
export interface CategoryLabel {
  workspaceId: string;
  customerId: string;
  category: string;
  ticketId: string;
  createdAt: string;
  createdBucket: LocalBucket;
}

/** What the labels of one customer and category are looked up by (equality on one field; a hash: the store refuses NUL). */
export const labelKey = (l: Pick<CategoryLabel, 'workspaceId' | 'customerId' | 'category'>) =>
  deterministicId(l.workspaceId, l.customerId, l.category);

/** Earlier first; tickets opened at the same moment in the order of their ids, so every replay agrees. */
const before = (a: CategoryLabel, b: CategoryLabel) =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.ticketId < b.ticketId);

/**
 * The tickets among one customer's labels of one category that came again:
 * another ticket of theirs with the category was opened at most 30 days
 * before it. Depends only on the set of labels, not on the order they were
 * seen in, so a replay finds the same.
 */
export function recurringTickets(labels: readonly CategoryLabel[]): CategoryLabel[] {
  const sorted = [...labels].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  return sorted.filter((label, i) => i > 0 && Date.parse(label.createdAt) - Date.parse(sorted[i - 1].createdAt) <= WINDOW_MS);
}

/** Whether a label's status could depend on `near` (within the window either side): the ones to decide again. */
export const withinWindow = (label: CategoryLabel, near: CategoryLabel) =>
  Math.abs(Date.parse(label.createdAt) - Date.parse(near.createdAt)) <= WINDOW_MS;
