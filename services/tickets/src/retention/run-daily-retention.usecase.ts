import { deterministicId, type AuditLog, type DailyJobClaims, type TimeSource } from '@threadline/persistence';
import type { ExpireWorkspaceData } from './expire-workspace-data.usecase';
import { retentionCutoffs, retentionDay } from './retention-cutoffs';
import type { RetentionRunsRepository } from './retention-runs.repository';
import type { RetentionSettingsRepository } from './retention-settings.repository';

export const RETENTION_JOB = 'retention';

interface Deps {
  claims: DailyJobClaims;
  settings: RetentionSettingsRepository;
  runs: RetentionRunsRepository;
  expire: ExpireWorkspaceData;
  audit: AuditLog;
  time: TimeSource;
  /** Which instance this is, recorded on each workspace's run. */
  instance: string;
}

/** What one attempt came to: `ran` (the day's run, by this instance), `skipped` (done or held elsewhere), `lost`. */
export type DailyRetentionOutcome = 'ran' | 'skipped' | 'lost';

/**
 * The day's retention run over every workspace with a period set, by the one
 * instance that claims the day (a store lease, renewed per workspace); a
 * workspace already done that day (by an attempt that then stopped) is not
 * done again. Each workspace's result is recorded for its admins and audited.
 */
export class RunDailyRetention {
  constructor(private readonly deps: Deps) {}

  async execute(): Promise<DailyRetentionOutcome> {
    const { claims, settings, runs, expire, audit, time, instance } = this.deps;
    const day = retentionDay(time.now());
    const claim = await claims.claim(RETENTION_JOB, day, time.now());
    if (!claim) return 'skipped';
    for (const workspace of await settings.withSomePeriod()) {
      if (await runs.exists(workspace._id, day)) continue;
      if (!(await claims.renew(claim, time.now()))) return 'lost';
      const startedAt = time.now();
      const cutoffs = retentionCutoffs(workspace, startedAt);
      const runId = `${workspace._id}:${day}`;
      const counts = await expire.execute(workspace._id, runId, cutoffs, startedAt);
      const finishedAt = time.now();
      await audit.record({
        id: deterministicId(workspace._id, 'retention-run', day),
        workspaceId: workspace._id,
        at: finishedAt,
        actor: { kind: 'system', id: 'retention' },
        action: 'retention.run',
        // Counts only, like an erasure's entry: the audit trail keeps nothing that expired.
        entity: { type: 'retention', id: day, label: null },
        before: { cutoffs: { ...cutoffs } },
        after: { ...counts },
      });
      await runs.record({
        _id: runId,
        workspaceId: workspace._id,
        day,
        cutoffs: { ...cutoffs },
        counts,
        instance,
        attempt: claim.attempt,
        startedAt,
        finishedAt,
      });
    }
    await claims.finish(claim, time.now());
    return 'ran';
  }
}
