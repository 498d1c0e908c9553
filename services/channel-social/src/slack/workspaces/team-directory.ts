import type { SlackWorkspace } from '../../config';
import { ConnectionDirectory, type StoredConnectionSource } from '../../connections/connection-directory';
import type { ConnectionKind } from '../../connections/sealed-connection.repository';

/** Teams admins connect are kept in slack_teams, the bot token and the signing secret sealed. */
export const TEAM_KIND: ConnectionKind<SlackWorkspace> = {
  modelName: 'SlackTeam',
  collection: 'slack_teams',
  idField: 'teamId',
  secretFields: ['botToken', 'signingSecret'],
  fields: {
    botToken: { type: String, required: true },
    signingSecret: { type: String, required: true },
    supportChannels: { type: [String], required: true },
  },
};

/**
 * The Slack teams (workspaces) our app is installed in, and which of their
 * channels are for support: SLACK_WORKSPACES plus those admins connected.
 */
export class TeamDirectory extends ConnectionDirectory<SlackWorkspace> {
  constructor(
    configured: readonly SlackWorkspace[],
    stored: StoredConnectionSource<SlackWorkspace> | null = null,
    ttlMs?: number,
    now?: () => number,
  ) {
    super(configured, (team) => team.teamId, stored, ttlMs, now);
  }

  /** Every known app's signing secret, once each (several teams may share one app). */
  async signingSecrets(): Promise<string[]> {
    return [...new Set((await this.all()).map((t) => t.signingSecret))];
  }

  isSupportChannel(team: SlackWorkspace, channel: string): boolean {
    return team.supportChannels.includes(channel);
  }
}
