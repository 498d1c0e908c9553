import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { WindowCounter } from '@threadline/persistence';

export interface LoginThrottleLimits {
  perAccount: number;
  perClient: number;
  windowSeconds: number;
}

/**
 * Slows password guessing: too many failed logins for one account (workspace +
 * e-mail) or from one client address within the window, and further attempts
 * are refused until the oldest failure leaves the window. Kept in the store so
 * every gateway instance sees the same counts. A success clears the account's failures.
 */
export class LoginThrottle {
  private readonly failures: WindowCounter;

  constructor(
    connection: Connection,
    private readonly limits: LoginThrottleLimits,
  ) {
    this.failures = new WindowCounter(connection, 'login_failures', limits.windowSeconds);
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  async retryAfter(account: string, client: string): Promise<number> {
    const waits = await Promise.all([
      this.failures.waitSeconds(accountKey(account), this.limits.perAccount),
      this.failures.waitSeconds(clientKey(client), this.limits.perClient),
    ]);
    return Math.max(...waits);
  }

  recordFailure(account: string, client: string): Promise<void> {
    return this.failures.record([accountKey(account), clientKey(client)]);
  }

  recordSuccess(account: string): Promise<void> {
    return this.failures.clear(accountKey(account));
  }
}

// Hashed: e-mail addresses and IPs are personal data and need not sit in this collection readable.
const accountKey = (account: string) => `account:${createHash('sha256').update(account.toLowerCase()).digest('hex')}`;
const clientKey = (client: string) => `client:${createHash('sha256').update(client).digest('hex')}`;
