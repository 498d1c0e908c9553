import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { WindowCounter } from '@threadline/persistence';

/**
 * Bounds the public survey page per client address (every instance counts
 * in the store): a link guesser or a scraper gets 429s, a customer never
 * comes near the limit.
 */
export class SurveyPageThrottle {
  private readonly requests: WindowCounter;

  constructor(
    connection: Connection,
    private readonly limits: { perClient: number; windowSeconds: number },
  ) {
    this.requests = new WindowCounter(connection, 'survey_page_requests', limits.windowSeconds);
  }

  /** Counts the request: 0 when it may be served, else seconds until the client may ask again. */
  admit(client: string): Promise<number> {
    // Hashed: a client address is personal data.
    const key = `client:${createHash('sha256').update(client).digest('hex')}`;
    return this.requests.claim(key, this.limits.perClient);
  }
}
