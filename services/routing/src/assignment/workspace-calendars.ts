import { defaultBusinessCalendar, isOpenAt, type BusinessCalendar } from '@threadline/business-calendar';
import type { Logger } from '@threadline/observability';
import type { InternalClient } from '../tickets/tickets-client';

/**
 * The workspace's business calendar — the one SLA business time counts in
 * (its week in Europe/Warsaw, Polish holidays, the office's exceptions), read
 * from the sla service and kept `cacheMs` per workspace. Without SLA_URL, or
 * while sla does not answer, the last one read or the default office week
 * (Monday–Friday 08:00–16:00, holidays closed).
 */
export class WorkspaceCalendars {
  private readonly cached = new Map<string, { calendar: BusinessCalendar; until: number }>();

  constructor(
    private readonly sla: InternalClient | null,
    private readonly cacheMs: number,
    private readonly logger: Logger,
  ) {}

  async isOpen(workspaceId: string, at: Date): Promise<boolean> {
    return isOpenAt(await this.of(workspaceId, at), at);
  }

  private async of(workspaceId: string, at: Date): Promise<BusinessCalendar> {
    const hit = this.cached.get(workspaceId);
    if (hit && hit.until > at.getTime()) return hit.calendar;
    let calendar = hit?.calendar ?? defaultBusinessCalendar();
    if (this.sla) {
      try {
        calendar = await this.sla.call<BusinessCalendar>(workspaceId, 'sla/calendar');
      } catch (error) {
        this.logger.warn({ workspaceId, err: error }, 'sla did not give the business calendar; using the last one known');
      }
    }
    this.cached.set(workspaceId, { calendar, until: at.getTime() + this.cacheMs });
    return calendar;
  }
}
