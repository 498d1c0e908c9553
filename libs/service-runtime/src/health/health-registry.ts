import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;

/**
 * Named checks that readiness (/health/ready, /health) runs. The platform
 * registers Kafka, the store and every consumer; a service adds its own
 * process-wide dependencies (the gateway's live feed, say). Never a tenant's
 * (one workspace's mailbox or Page): those go to the admin APIs and metrics,
 * so one customer's broken credentials never take a pod out of rotation.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** For dependencies that come and go at run time. */
  unregister(name: string): void {
    this.checks.delete(name);
  }

  async run(timeoutMs = 3000): Promise<{ healthy: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : String(error)] as const;
        }
      }),
    );
    return { healthy: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
