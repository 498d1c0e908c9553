import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates input; a 400 lists each bad field and why. `field` names a single
 * value (a route parameter) so its error says which one, not "(body)".
 */
export function parseOrBadRequest<T>(schema: z.ZodType<T>, value: unknown, field = '(body)'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequestException({
    code: 'INVALID_INPUT',
    errors: result.error.issues.map((issue) => ({ field: issue.path.join('.') || field, reason: issue.message })),
  });
}
