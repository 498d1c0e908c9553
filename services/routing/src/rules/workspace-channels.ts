import type { Channel, RuleAction } from '@threadline/contracts';
import type { ServiceTokenMinter } from '@threadline/service-runtime';
import { InternalClient, TicketCommandRefused } from '../tickets/tickets-client';
import type { FieldError } from './rule-input';

type Owner = 'email' | 'voice' | 'social';
const SERVICES: Record<Owner, string> = { email: 'channel-email', voice: 'channel-voice', social: 'channel-social' };

/** Which service connects each channel to a workspace, and the list that says whether it has any. */
const CONNECTIONS: Partial<Record<Channel, { owner: Owner; path: string; what: string }>> = {
  email: { owner: 'email', path: 'mailboxes', what: 'no mailbox' },
  sms: { owner: 'voice', path: 'voice/numbers', what: 'no phone number' },
  voice: { owner: 'voice', path: 'voice/numbers', what: 'no phone number' },
  messenger: { owner: 'social', path: 'messenger/pages', what: 'no Facebook Page' },
  slack: { owner: 'social', path: 'slack/teams', what: 'no Slack team' },
};

/**
 * Whether the workspace has a channel a rule's action names, asked of the
 * channel's owner (its admin list: empty, or the channel switched off, means
 * none). A channel whose owner routing has no URL for, or that did not
 * answer, is not held against the rule: it is checked when the action runs.
 * The web chat has no per-workspace list to ask.
 */
export class WorkspaceChannels {
  private readonly clients: Partial<Record<Owner, InternalClient>>;

  constructor(urls: Partial<Record<Owner, string>>, tokens: ServiceTokenMinter) {
    this.clients = Object.fromEntries(
      Object.entries(urls)
        .filter(([, url]) => url)
        .map(([owner, url]) => [
          owner,
          // The channels' admin lists answer admins only; routing reads them as one.
          new InternalClient({ name: SERVICES[owner as Owner], baseUrl: url as string }, tokens, {
            role: 'admin',
            timeoutMs: 5000,
          }),
        ]),
    );
  }

  async problems(workspaceId: string, actions: readonly RuleAction[] | undefined): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    for (const [index, action] of (actions ?? []).entries()) {
      if (action.type !== 'send-template' || !action.channel) continue;
      const missing = await this.lacks(workspaceId, action.channel);
      if (missing) problems.push({ field: `actions.${index}.channel`, reason: `the workspace has ${missing} connected` });
    }
    return problems;
  }

  /** What the workspace lacks for the channel ("no Facebook Page"), or null when it has it or cannot be told. */
  private async lacks(workspaceId: string, channel: Channel): Promise<string | null> {
    const connection = CONNECTIONS[channel];
    const client = connection && this.clients[connection.owner];
    if (!connection || !client) return null;
    try {
      const list = await client.call<{ items: unknown[] }>(workspaceId, connection.path);
      return list.items.length > 0 ? null : connection.what;
    } catch (error) {
      // 503 with a code: the owner runs with the channel switched off.
      if (error instanceof TicketCommandRefused && error.status === 503) return connection.what;
      return null;
    }
  }
}
