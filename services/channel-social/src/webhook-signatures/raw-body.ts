import type { Request } from 'express';

/** Nest keeps the exact bytes received (the app is created with rawBody: true); signatures cover those. */
export type RequestWithRawBody = Request & { rawBody?: Buffer };
