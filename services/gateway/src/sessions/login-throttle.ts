import { createHash, randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { loginFailureSchema, type LoginFailureDoc } from './session.schemas';

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
  private readonly failures: Model<LoginFailureDoc>;

  constructor(
    connection: Connection,
    private readonly limits: LoginThrottleLimits,
  ) {
    this.failures = connection.model<LoginFailureDoc>('LoginFailure', loginFailureSchema, 'login_failures');
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  async retryAfter(account: string, client: string): Promise<number> {
    const waits = await Promise.all([
      this.wait(accountKey(account), this.limits.perAccount),
      this.wait(clientKey(client), this.limits.perClient),
    ]);
    return Math.max(...waits);
  }

  async recordFailure(account: string, client: string): Promise<void> {
    const at = new Date();
    await this.failures.insertMany([
      { _id: randomUUID(), key: accountKey(account), at },
      { _id: randomUUID(), key: clientKey(client), at },
    ]);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.failures.deleteMany({ key: accountKey(account) });
  }

  private async wait(key: string, limit: number): Promise<number> {
    const since = new Date(Date.now() - this.limits.windowSeconds * 1000);
    const recent = await this.failures
      .find({ key, at: { $gt: since } })
      .sort({ at: -1 })
      .limit(limit)
      .lean<LoginFailureDoc[]>();
    if (recent.length < limit) return 0;
    // The limit-th newest failure has to leave the window before one more attempt fits.
    const leaves = recent[limit - 1].at.getTime() + this.limits.windowSeconds * 1000;
    return Math.max(1, Math.ceil((leaves - Date.now()) / 1000));
  }
}

// Hashed: e-mail addresses and IPs are personal data and need not sit in this collection readable.
const accountKey = (account: string) => `account:${createHash('sha256').update(account.toLowerCase()).digest('hex')}`;
const clientKey = (client: string) => `client:${createHash('sha256').update(client).digest('hex')}`;
