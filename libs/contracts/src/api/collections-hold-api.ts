import { z } from 'zod';

/** Holding debt collection for a ticket's customer (by hand, or a routing rule's `hold-collections` action). */
export const collectionsHoldBody = z.strictObject({
  /** Why, as a collections system will see it. */
  reason: z.string().trim().min(1).max(200).default('reklamacja'),
});
export type CollectionsHoldBody = z.infer<typeof collectionsHoldBody>;
