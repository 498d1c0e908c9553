import type { SlackWorkspace } from '../config';

/** The Slack teams (workspaces) our app is installed in, and which of their channels are for support. */
export class TeamDirectory {
  private readonly byId: Map<string, SlackWorkspace>;

  constructor(teams: readonly SlackWorkspace[]) {
    this.byId = new Map(teams.map((t) => [t.teamId, t]));
  }

  find(teamId: string): SlackWorkspace | null {
    return this.byId.get(teamId) ?? null;
  }

  /** Every configured app's signing secret, once each (several teams may share one app). */
  signingSecrets(): string[] {
    return [...new Set([...this.byId.values()].map((t) => t.signingSecret))];
  }

  isSupportChannel(team: SlackWorkspace, channel: string): boolean {
    return team.supportChannels.includes(channel);
  }
}
