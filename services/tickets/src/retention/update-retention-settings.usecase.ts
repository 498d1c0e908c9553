import type { RetentionSettings } from '@threadline/contracts';
import { deterministicId, type AuditLog, agentActor } from '@threadline/persistence';
import { PersonalDataForbiddenError } from '../personal-data/personal-data-errors';
import type { CommandActor } from '../ticket-commands/ticket-policy';
import type { RetentionSettingsRepository } from './retention-settings.repository';

/** How long personal data is kept is the office's decision (RODO: no longer than needed). */
export function authorizeRetention(actor: CommandActor): void {
  if (actor.role !== 'admin') throw new PersonalDataForbiddenError('retention settings are an admin’s');
}

/** Sets a workspace's retention periods; the change (before → after) is audited. */
export class UpdateRetentionSettings {
  constructor(private readonly deps: { settings: RetentionSettingsRepository; audit: AuditLog }) {}

  async execute(workspaceId: string, actor: CommandActor, next: RetentionSettings, at = new Date()) {
    authorizeRetention(actor);
    const { updatedAt, updatedBy, ...before } = await this.deps.settings.of(workspaceId);
    await this.deps.settings.put(workspaceId, next, actor.agentId, at);
    await this.deps.audit.record({
      id: deterministicId(workspaceId, 'retention-settings', at.toISOString(), actor.agentId),
      workspaceId,
      at,
      actor: agentActor(actor.agentId),
      action: 'retention.update',
      entity: { type: 'retention', id: 'settings', label: null },
      before: { ...before, updatedAt, updatedBy },
      after: { ...next },
    });
    return this.deps.settings.of(workspaceId);
  }
}
