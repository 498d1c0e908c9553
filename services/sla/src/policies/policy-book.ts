import type { BusinessCalendar } from '@threadline/business-calendar';
import type { SlaPolicy } from './policy-match';
import type { SlaPolicyRepository } from './sla-policy.repository';
import type { WorkspaceCalendarRepository } from './workspace-calendar.repository';

export interface WorkspaceRules {
  policies: SlaPolicy[];
  calendar: BusinessCalendar;
}

/** A workspace's policies and calendar for the clocks, read at most once per `ttlMs` (every ticket event needs them). */
export class PolicyBook {
  private readonly cache = new Map<string, { rules: Promise<WorkspaceRules>; readAt: number }>();

  constructor(
    private readonly policies: SlaPolicyRepository,
    private readonly calendars: WorkspaceCalendarRepository,
    private readonly ttlMs: number,
  ) {}

  /** The workspace's rules changed: the next read goes to the store. */
  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  rulesOf(workspaceId: string): Promise<WorkspaceRules> {
    const cached = this.cache.get(workspaceId);
    if (cached && Date.now() - cached.readAt < this.ttlMs) return cached.rules;
    const rules = Promise.all([this.policies.list(workspaceId), this.calendars.get(workspaceId)]).then(
      ([policies, calendar]) => ({ policies, calendar }),
    );
    rules.catch(() => this.cache.delete(workspaceId));
    this.cache.set(workspaceId, { rules, readAt: Date.now() });
    return rules;
  }
}
