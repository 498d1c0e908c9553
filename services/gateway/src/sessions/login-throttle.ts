import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { WindowCounter } from '@threadline/persistence';

export interface LoginThrottleLimits {
  perAccount: number;
  perClient: number;
  windowSeconds: number;
}

/**
 * Slows password guessing: too many login attempts for one account (workspace
 * + e-mail) or failures from one client address within the window, and
 * further attempts are refused until the oldest leaves the window. Kept in
 * the store so every gateway instance sees the same counts. An account's
 * attempt is claimed before its password is checked (a unique insert per
 * attempt), so however many arrive at once, at most the limit are checked;
 * a success clears the account's count.
 */
export class LoginThrottle {
  private readonly failures: WindowCounter;

  constructor(
    connection: Connection,
    private readonly limits: LoginThrottleLimits,
  ) {
    this.failures = new WindowCounter(connection, 'login_failures', limits.windowSeconds);
  }

  /**
   * Takes one attempt for the account before the password is checked: 0 when
   * it may be checked, else the seconds until another attempt is allowed.
   */
  async admit(account: string, client: string): Promise<number> {
    const clientWait = await this.failures.waitSeconds(clientKey(client), this.limits.perClient);
    if (clientWait > 0) return clientWait;
    return this.failures.claim(accountKey(account), this.limits.perAccount);
  }

  /** The account's attempt was counted by `admit`; the client counts failures only (an office shares one address). */
  recordFailure(client: string): Promise<void> {
    return this.failures.record([clientKey(client)]);
  }

  recordSuccess(account: string): Promise<void> {
    return this.failures.clear(accountKey(account));
  }
}

// Hashed: e-mail addresses and IPs are personal data and need not sit in this collection readable.
const accountKey = (account: string) => `account:${createHash('sha256').update(account.toLowerCase()).digest('hex')}`;
const clientKey = (client: string) => `client:${createHash('sha256').update(client).digest('hex')}`;
