import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type EnvelopeOf, type EventType, type TypedEnvelope } from '@threadline/contracts';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { ReportingConfig } from '../config';
import { AgentTeamStore } from './agent-team-store';

/**
 * Agents' teams over time, for the reports' team filter: a consumer group of
 * its own on `agent.events.v1` (from the beginning; the topic is kept
 * forever) keeps every `agent.teams-changed.v1` once. The figures'
 * projection is untouched: a team is resolved to its members per day when a
 * report is asked, so a replay in any order gives the same answer.
 */
@Module({})
export class TeamsModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly store: AgentTeamStore,
    @Inject(CONFIG) private readonly config: ReportingConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureIndexes();
    this.consumers.add({
      groupId: this.config.REPORTING_TEAMS_GROUP,
      topics: [TOPICS.agentEvents.name],
      handler: async (envelope: TypedEnvelope) => {
        // The union by type, so the check below narrows the payload.
        const event = envelope as EnvelopeOf<EventType>;
        if (event.type !== 'agent.teams-changed.v1') return 'ignored';
        const { agentId, teams, changedAt } = event.payload;
        return (await this.store.keep({ _id: event.id, workspaceId: event.workspaceId, agentId, teams, changedAt }))
          ? 'done'
          : 'duplicate';
      },
    });
  }
}
