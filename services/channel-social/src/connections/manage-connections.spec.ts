import type { SlackWorkspace } from '../config';
import { TEAM_KIND, TeamDirectory } from '../slack/workspaces/team-directory';
import { ConnectionRequestError, ManageConnections } from './manage-connections.usecase';
import type { ConnectionChange, CreateOutcome, Stored } from './sealed-connection.repository';

/** The repository's contract in memory: the team id is the key, as the unique `_id` is in the store. */
class InMemoryTeams {
  readonly rows = new Map<string, Stored<SlackWorkspace>>();
  async create(team: SlackWorkspace): Promise<CreateOutcome<SlackWorkspace>> {
    const taken = this.rows.get(team.teamId);
    if (taken) return { takenBy: taken.workspaceId };
    const row = { ...team, createdAt: new Date(0), updatedAt: new Date(0) };
    this.rows.set(team.teamId, row);
    return { created: row };
  }
  async update(workspaceId: string, teamId: string, change: ConnectionChange<SlackWorkspace>) {
    const row = this.rows.get(teamId);
    if (row?.workspaceId !== workspaceId) return null;
    Object.assign(row, change);
    return row;
  }
  async remove(workspaceId: string, teamId: string) {
    return this.rows.get(teamId)?.workspaceId === workspaceId && this.rows.delete(teamId);
  }
  async ofWorkspace(workspaceId: string) {
    return [...this.rows.values()].filter((row) => row.workspaceId === workspaceId);
  }
  /** A copy, as a store read is: what the directory keeps does not change under it. */
  async find(teamId: string) {
    const row = this.rows.get(teamId);
    return row ? { ...row } : null;
  }
  async all() {
    return [...this.rows.values()];
  }
}

const team = (teamId: string, workspaceId = 'ws-a'): SlackWorkspace => ({
  teamId,
  workspaceId,
  botToken: `xoxb-${teamId}-bot-token`,
  signingSecret: `signing-secret-of-${teamId}`,
  supportChannels: ['C0SUPPORT'],
});
const { workspaceId: _configuredWs, ...configuredBody } = team('T0CONFIG', 'ws-a');
const body = (teamId: string) => {
  const { workspaceId: _ws, ...rest } = team(teamId);
  return rest;
};

function setup() {
  const stored = new InMemoryTeams();
  const directory = new TeamDirectory([team('T0CONFIG', 'ws-a')], stored, 60_000);
  const names = { thing: 'Slack team', code: 'SLACK_TEAM', setting: 'SLACK_WORKSPACES' } as const;
  return { stored, directory, manage: new ManageConnections(TEAM_KIND, names, stored, directory) };
}
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof ConnectionRequestError ? error.code : 'other'),
  );

describe('ManageConnections (Slack teams)', () => {
  it('answers without the secrets, saying only that they are set', async () => {
    const { manage } = setup();
    const view = await manage.add('ws-a', body('T0AAAA1'));
    expect(view).toEqual({
      teamId: 'T0AAAA1',
      source: 'api',
      supportChannels: ['C0SUPPORT'],
      botTokenSet: true,
      signingSecretSet: true,
    });
    expect(JSON.stringify(await manage.list('ws-a'))).not.toMatch(/xoxb-|signing-secret/);
  });

  it('gives a team one owner: another workspace gets SLACK_TEAM_TAKEN, whether the team is stored or configured', async () => {
    const { manage } = setup();
    expect(await code(manage.add('ws-a', body('T0AAAA2')))).toBe('ok');
    expect(await code(manage.add('ws-b', body('T0AAAA2')))).toBe('SLACK_TEAM_TAKEN');
    expect(await code(manage.add('ws-a', body('T0AAAA2')))).toBe('SLACK_TEAM_TAKEN');
    expect(await code(manage.add('ws-b', configuredBody))).toBe('SLACK_TEAM_TAKEN');
    // Its own configured team may be stored over.
    expect(await code(manage.add('ws-a', configuredBody))).toBe('ok');
  });

  it('applies changes at once although the directory caches for a minute, keeping a secret left out', async () => {
    const { manage, directory } = setup();
    expect(await directory.find('T0AAAA3')).toBeNull();
    await manage.add('ws-b', body('T0AAAA3'));
    expect((await directory.find('T0AAAA3'))?.workspaceId).toBe('ws-b');
    await manage.change('ws-b', 'T0AAAA3', { supportChannels: ['C0OTHER1'] });
    expect(await directory.find('T0AAAA3')).toMatchObject({ supportChannels: ['C0OTHER1'], botToken: 'xoxb-T0AAAA3-bot-token' });
    await manage.remove('ws-b', 'T0AAAA3');
    expect(await directory.find('T0AAAA3')).toBeNull();
  });

  it('answers another workspace’s team as not found, and a configured one as not the API’s to change', async () => {
    const { manage } = setup();
    await manage.add('ws-b', body('T0AAAA4'));
    expect(await code(manage.change('ws-a', 'T0AAAA4', { supportChannels: ['C0OTHER1'] }))).toBe('SLACK_TEAM_NOT_FOUND');
    expect(await code(manage.remove('ws-a', 'T0AAAA4'))).toBe('SLACK_TEAM_NOT_FOUND');
    expect(await code(manage.remove('ws-a', 'T0CONFIG'))).toBe('SLACK_TEAM_CONFIGURED');
    expect(await code(manage.remove('ws-b', 'T0CONFIG'))).toBe('SLACK_TEAM_NOT_FOUND');
    expect((await manage.list('ws-a')).map((t) => [t.teamId, t.source])).toEqual([['T0CONFIG', 'config']]);
    expect((await manage.list('ws-b')).map((t) => [t.teamId, t.source])).toEqual([['T0AAAA4', 'api']]);
  });
});
