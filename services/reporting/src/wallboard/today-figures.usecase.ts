import type { BuildReport } from '../reports/build-report.usecase';
import { reportQuerySchema, resolveQuery, type ReportName } from '../reports/report-query';
import { localBucket } from '../time-buckets/local-time';

/** What the wall-board shows of today, in the workspace's zone. */
export interface TodayFigures {
  day: string;
  timeZone: string;
  contacts: unknown;
  ticketsOpened: unknown;
  closed: unknown;
  /** Open tickets now, and per queue (the tickets' backlog a queue's members work through). */
  backlog: { open: unknown; byQueue: unknown };
  calls: Record<string, unknown>;
  /** Today's SLA outcomes: breaches and per target met / breached / compliance. */
  sla: { breaches: unknown; targets: unknown };
}

const TODAY_REPORTS = ['volume', 'backlog', 'calls', 'sla'] as const satisfies readonly ReportName[];

/**
 * Today's figures for the wall-board, from the same reports a supervisor
 * reads (one local day, no filter): the board and the reports never disagree.
 */
export class ReadTodayFigures {
  constructor(
    private readonly reports: BuildReport,
    private readonly zoneOf: (workspaceId: string) => string,
  ) {}

  async execute(workspaceId: string, now = new Date()): Promise<TodayFigures> {
    const timeZone = this.zoneOf(workspaceId);
    const day = localBucket(now, timeZone).day;
    const [volume, backlog, calls, sla] = await Promise.all(
      TODAY_REPORTS.map((name) =>
        this.reports.execute(
          workspaceId,
          timeZone,
          name,
          resolveQuery(reportQuerySchema(1, name).parse({ from: day, to: day }), timeZone, now),
        ),
      ),
    );
    const by = backlog.figures.by as { queue?: unknown } | undefined;
    return {
      day,
      timeZone,
      contacts: volume.figures.contacts,
      ticketsOpened: volume.figures.tickets,
      closed: backlog.figures.closed,
      backlog: { open: backlog.figures.open, byQueue: by?.queue ?? [] },
      calls: calls.figures,
      sla: { breaches: sla.figures.breaches, targets: sla.figures.targets },
    };
  }
}
