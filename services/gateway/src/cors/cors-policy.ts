import cors from 'cors';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/**
 * CORS_ALLOWED_ORIGINS: other origins whose pages may call the agent API from a
 * browser (an intranet portal embedding the console, a company dashboard), as
 * `scheme://host[:port]`, comma-separated. Empty (the default): same origin only —
 * the console is served by the gateway itself and needs none.
 */
export const corsOriginsSchema = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine(
    (origins) => origins.every((o) => URL.canParse(o) && new URL(o).origin === o),
    'expected origins like https://portal.firma.pl (scheme, host and port only), comma-separated',
  );

/**
 * Answers CORS only for the allowed origins: the bearer token travels in a
 * header (no cookies, so no credentials mode), the ETag is readable (If-Match
 * needs it), and If-Match / Idempotency-Key may be sent. Another origin gets no
 * CORS headers at all, so its browser refuses to hand it the answer.
 */
export function corsPolicy(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && origins.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
    exposedHeaders: ['etag', 'retry-after'],
    maxAge: 600,
  });
}
