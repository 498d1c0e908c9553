import type { TypedEnvelope } from '@threadline/contracts';
import type { ChannelAdapter, Prepared } from '@threadline/outbound';
import type { ClassifiedSendError } from '@threadline/resilience';
import { parseSlackThreadId } from '../events/slack-event';
import type { TeamDirectory } from '../workspaces/team-directory';
import { classifySlackError } from './slack-errors';
import type { OutgoingSlackMessage, SlackPoster } from './slack-poster';

/** An agent's reply to a Slack customer: into the channel and thread the customer wrote in. */
export class SlackAdapter implements ChannelAdapter<OutgoingSlackMessage> {
  readonly channel = 'slack' as const;

  constructor(
    private readonly teams: TeamDirectory,
    private readonly poster: SlackPoster,
  ) {}

  async prepare(event: TypedEnvelope<'outbound.requested.v1'>): Promise<Prepared<OutgoingSlackMessage>> {
    const { to, text, providerThreadId, from } = event.payload;
    if (to.kind !== 'slack') return { ok: false, reason: `cannot message a ${to.kind} identity on Slack` };
    const team = await this.teams.find(to.teamId);
    if (!team || team.workspaceId !== event.workspaceId) {
      return { ok: false, reason: `the Slack team ${to.teamId} is not connected to this workspace` };
    }
    const thread = parseSlackThreadId(providerThreadId);
    // Without a thread (a reply on a ticket opened elsewhere) the channel the customer wrote to, at top level.
    const channel = thread?.channel ?? from;
    if (!channel) return { ok: false, reason: 'no Slack channel to answer in: the customer has not written in one' };
    if (!this.teams.isSupportChannel(team, channel)) {
      return { ok: false, reason: `the Slack channel ${channel} is no longer a support channel` };
    }
    return { ok: true, via: channel, target: { team, channel, threadTs: thread?.threadTs ?? null, text } };
  }

  send(message: OutgoingSlackMessage, signal: AbortSignal): Promise<{ providerMessageId: string }> {
    return this.poster.post(message, signal);
  }

  classify(error: unknown): ClassifiedSendError {
    return classifySlackError(error);
  }
}
