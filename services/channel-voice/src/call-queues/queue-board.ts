import type { PhonePresence } from '../agent-presence/phone-presence';
import type { CallRepository } from '../call-records/call.repository';
import type { CallLines } from '../ivr/call-lines';

export interface QueueView {
  queue: string;
  waiting: number;
  longestWaitSeconds: number;
  maxWaitSeconds: number;
}

export interface BoardView {
  queues: QueueView[];
  agents: { available: number; onCall: number; away: number };
  at: string;
}

/**
 * The live state of a workspace's call queues, computed from the store on
 * each read: every instance answers the same, and nothing is lost when one
 * restarts.
 */
export class QueueBoard {
  constructor(
    private readonly lines: CallLines,
    private readonly calls: CallRepository,
    private readonly presence: PhonePresence,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async of(workspaceId: string): Promise<BoardView> {
    const now = this.clock();
    const queues = new Map<string, QueueView>();
    for (const line of await this.lines.linesOf(workspaceId)) {
      for (const [queue, settings] of Object.entries(line.setup.queues)) {
        if (!queues.has(queue))
          queues.set(queue, { queue, waiting: 0, longestWaitSeconds: 0, maxWaitSeconds: settings.maxWaitSeconds });
      }
    }
    for (const call of await this.calls.waiting(workspaceId)) {
      const view = call.queue ? queues.get(call.queue) : undefined;
      if (!view) continue;
      view.waiting += 1;
      const waited = call.enqueuedAt ? Math.max(0, Math.round((now.getTime() - call.enqueuedAt.getTime()) / 1000)) : 0;
      view.longestWaitSeconds = Math.max(view.longestWaitSeconds, waited);
    }
    const agents = { available: 0, onCall: 0, away: 0 };
    for (const agent of await this.presence.list(workspaceId)) {
      if (agent.onCall) agents.onCall += 1;
      else if (agent.status === 'available') agents.available += 1;
      else agents.away += 1;
    }
    return { queues: [...queues.values()], agents, at: now.toISOString() };
  }
}
