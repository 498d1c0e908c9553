import { z } from 'zod';

/** What a consumer could not process, kept whole with the reason. */
export const deadLetterV1 = z.object({
  originalTopic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  consumerGroup: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  /** Original key and value, base64, so nothing is lost even when it was not JSON. */
  keyBase64: z.string().nullable(),
  valueBase64: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetterV1 = z.infer<typeof deadLetterV1>;
