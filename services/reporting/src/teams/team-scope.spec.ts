import { daysBetween } from '../time-buckets/local-time';
import { TeamScope } from './team-scope';

const ZONE = 'Europe/Warsaw';
const days = daysBetween('2026-11-01', '2026-12-06');

describe('who was in a team on a day', () => {
  const scope = TeamScope.of(
    'reklamacje',
    [
      { agentId: 'ola', teams: ['reklamacje'], changedAt: '2026-10-01T08:00:00Z' },
      { agentId: 'jan', teams: ['sprzedaz'], changedAt: '2026-10-01T08:00:00Z' },
      // Jan joins on 3 December, 00:30 Warsaw time (still 2 December in UTC): the 3rd is his first day in the team.
      { agentId: 'jan', teams: ['sprzedaz', 'reklamacje'], changedAt: '2026-12-02T23:30:00Z' },
      // Ola leaves on 5 December at noon: that day counts with the teams she had at its end.
      { agentId: 'ola', teams: [], changedAt: '2026-12-05T11:00:00Z' },
    ],
    days,
    ZONE,
  );

  it('counts an agent for the local days they were in the team at the day’s end', () => {
    expect([...scope.membersOn('2026-12-02')]).toEqual(['ola']);
    expect([...scope.membersOn('2026-12-03')].sort()).toEqual(['jan', 'ola']);
    expect([...scope.membersOn('2026-12-05')]).toEqual(['jan']);
    expect([...scope.membersNow()]).toEqual(['jan']);
  });

  it('reads a month from its roll-up only when the team did not change within it', () => {
    expect([...scope.steadyIn('2026-11')!]).toEqual(['ola']);
    expect(scope.steadyIn('2026-12')).toBeNull();
  });

  it('has nobody in a team no agent was ever given', () => {
    expect(TeamScope.of('nikt', [], days, ZONE).membersOn('2026-12-01').size).toBe(0);
  });
});
