import { z } from 'zod';

/** A JSON array setting validated by `item`; issues name the index and field, never the value (secrets). */
export function jsonList<T extends z.ZodType>(item: T, shape: string, unique: (list: z.infer<T>[]) => string | null) {
  return z.string().transform((raw, ctx): z.infer<T>[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a JSON array of ${shape}` });
      return z.NEVER;
    }
    const result = z.array(item).safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
      }
      return z.NEVER;
    }
    const duplicate = unique(result.data);
    if (duplicate) {
      ctx.addIssue({ code: 'custom', message: duplicate });
      return z.NEVER;
    }
    return result.data;
  });
}

/** An absolute http(s) URL without a trailing slash, so paths can be appended. */
export const baseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => URL.canParse(value) && !new URL(value).search && !new URL(value).hash, 'must have no query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));
