import { z } from 'zod';

/** A team's name as admins give it (PATCH /api/v1/agents/:id `teams`). */
export const teamName = z.string().trim().min(1).max(100);

/**
 * An agent's teams changed (an admin added the agent with teams, or changed
 * them): the whole new list. On agent.events.v1, keyed by the agent, so one
 * agent's changes stay in order. Reporting keeps each agent's teams over time
 * to filter reports by team; `changedAt` is when the new teams began.
 */
export const agentTeamsChangedV1 = z.object({
  agentId: z.string().min(1),
  teams: z.array(teamName).max(20),
  changedAt: z.iso.datetime({ offset: true }),
});
export type AgentTeamsChangedV1 = z.infer<typeof agentTeamsChangedV1>;
