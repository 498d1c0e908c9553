import { localBucket } from '../time-buckets/local-time';

/** An agent's teams from `changedAt` on (the whole list). */
export interface TeamChange {
  agentId: string;
  teams: string[];
  changedAt: string;
}

/**
 * Who was in a team on each local day of a period, from the agents' team
 * changes: an agent counts for a day with the teams they had at the day's
 * end (a change at noon counts for that whole day). The figures of the
 * agent dimension (replies, tickets by assignee, closes, response times…)
 * are then the team's when they belong to one of that day's members.
 */
export class TeamScope {
  private constructor(
    readonly team: string,
    private readonly byDay: Map<string, Set<string>>,
    private readonly current: Set<string>,
  ) {}

  static of(team: string, changes: readonly TeamChange[], days: readonly string[], timeZone: string): TeamScope {
    const ordered = changes
      .map((c) => ({ ...c, day: localBucket(new Date(c.changedAt), timeZone).day }))
      .sort((a, b) => a.changedAt.localeCompare(b.changedAt));
    const byDay = new Map<string, Set<string>>();
    for (const day of days)
      byDay.set(
        day,
        membersUpTo(ordered, team, (c) => c.day <= day),
      );
    return new TeamScope(
      team,
      byDay,
      membersUpTo(ordered, team, () => true),
    );
  }

  /** The team's members on one day of the period. */
  membersOn(day: string): Set<string> {
    return this.byDay.get(day) ?? new Set();
  }

  /** The team's members now (what "now" figures like the backlog count by). */
  membersNow(): Set<string> {
    return this.current;
  }

  /** The members if they were the same on every day of the month the period holds, else null (read it day by day). */
  steadyIn(month: string): Set<string> | null {
    const sets = [...this.byDay].filter(([day]) => day.startsWith(month)).map(([, members]) => members);
    if (sets.length === 0) return new Set();
    const key = (s: Set<string>) => [...s].sort().join('\n');
    return sets.every((s) => key(s) === key(sets[0])) ? sets[0] : null;
  }
}

function membersUpTo(ordered: (TeamChange & { day: string })[], team: string, counted: (c: { day: string }) => boolean) {
  const teamsOf = new Map<string, string[]>();
  for (const change of ordered) if (counted(change)) teamsOf.set(change.agentId, change.teams);
  return new Set([...teamsOf].filter(([, teams]) => teams.includes(team)).map(([agentId]) => agentId));
}
