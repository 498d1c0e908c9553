import type { TimeSource } from '@threadline/persistence';
import type { PresenceRepository } from './assignment.repositories';
import type { HandBack } from './hand-back.usecase';

/**
 * An agent's presence changed (their own switch, their chat or phone presence): an
 * agent who is no longer present starts the grace period of their tickets.
 */
export class ChangePresence {
  constructor(private readonly deps: { presence: PresenceRepository; handBack: HandBack; time: TimeSource }) {}

  async switchTo(workspaceId: string, agentId: string, status: 'available' | 'away'): Promise<void> {
    await this.deps.presence.setManual(workspaceId, agentId, status);
    await this.afterChange(workspaceId, agentId);
  }

  /** chat.presence.v1: available for chat until `until`; null: no longer. */
  async chatUntil(workspaceId: string, agentId: string, until: Date | null): Promise<void> {
    await this.deps.presence.setChat(workspaceId, agentId, until);
    await this.afterChange(workspaceId, agentId);
  }

  /** voice.presence.v1 was stored: an agent no longer available for calls (nor chat, nor switched on) starts their grace period. */
  async phoneChanged(workspaceId: string, agentId: string): Promise<void> {
    await this.afterChange(workspaceId, agentId);
  }

  private async afterChange(workspaceId: string, agentId: string): Promise<void> {
    if (!(await this.deps.presence.isPresent(workspaceId, agentId, this.deps.time.now()))) {
      await this.deps.handBack.agentWentAway(workspaceId, agentId);
    }
  }
}
