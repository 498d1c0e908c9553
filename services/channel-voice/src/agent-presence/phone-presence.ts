import type { EventPublisher } from '@threadline/kafka';
import type { AgentPresenceRepository, PresenceDoc } from './agent-presence.repository';

/**
 * Agents' phone presence, kept in the store and announced as voice.presence.v1
 * (keyed by agent) on every change, so routing knows who is free for a call.
 */
export class PhonePresence {
  constructor(
    private readonly repository: AgentPresenceRepository,
    private readonly publisher: EventPublisher,
  ) {}

  get(workspaceId: string, agentId: string): Promise<PresenceDoc | null> {
    return this.repository.get(workspaceId, agentId);
  }

  list(workspaceId: string): Promise<PresenceDoc[]> {
    return this.repository.list(workspaceId);
  }

  async set(
    workspaceId: string,
    agentId: string,
    change: Partial<Pick<PresenceDoc, 'status' | 'phone' | 'onCall'>>,
  ): Promise<PresenceDoc> {
    const after = await this.repository.set(workspaceId, agentId, change);
    await this.announce(after);
    return after;
  }

  /** The agent's call ended: free again, unless another call has replaced it meanwhile. */
  async callEnded(workspaceId: string, agentId: string, callSid: string): Promise<void> {
    const current = await this.repository.get(workspaceId, agentId);
    if (current?.onCall === callSid) await this.set(workspaceId, agentId, { onCall: null });
  }

  private async announce(presence: PresenceDoc): Promise<void> {
    await this.publisher.publish('voice.presence.v1', {
      workspaceId: presence.workspaceId,
      key: presence.agentId,
      payload: {
        agentId: presence.agentId,
        status: presence.status,
        onCall: Boolean(presence.onCall),
        at: presence.updatedAt.toISOString(),
      },
    });
  }
}
