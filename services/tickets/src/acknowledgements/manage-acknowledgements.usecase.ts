import type { AcknowledgementSettingsBody } from '@threadline/contracts';
import type { AuditLog } from '@threadline/persistence';
import { agentActor } from '@threadline/persistence';
import type { AcknowledgementSettingsRepository } from './acknowledgement-settings.repository';
import type { AcknowledgementSettingsSource, SettingsView } from './acknowledgement-settings';

export class AcknowledgementSettingsBusy extends Error {
  readonly code = 'ACKNOWLEDGEMENT_SETTINGS_BUSY';
}

/**
 * An admin replaces the workspace's acknowledgement settings: the next
 * version is written over the one read (another admin's change in between
 * is read again), the audit trail gets before → after, and intake on this
 * instance uses them at once.
 */
export class ManageAcknowledgements {
  constructor(
    private readonly deps: {
      repository: AcknowledgementSettingsRepository;
      source: AcknowledgementSettingsSource;
      audit: AuditLog;
    },
  ) {}

  async current(workspaceId: string): Promise<SettingsView> {
    const stored = await this.deps.repository.find(workspaceId);
    return stored ? { version: stored.version, settings: stored.settings } : this.deps.source.of(workspaceId);
  }

  async replace(workspaceId: string, adminId: string, settings: AcknowledgementSettingsBody): Promise<SettingsView> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await this.current(workspaceId);
      const next = { version: before.version + 1, settings };
      const saved = await this.deps.repository.save({
        _id: workspaceId,
        ...next,
        updatedAt: new Date(),
        updatedBy: adminId,
      });
      if (!saved) continue;
      this.deps.source.put(workspaceId, next);
      await this.deps.audit.record({
        workspaceId,
        actor: agentActor(adminId),
        action: 'acknowledgements.update',
        entity: { type: 'acknowledgement-settings', id: workspaceId, label: null },
        before: { ...before.settings, version: before.version },
        after: { ...settings, version: next.version },
      });
      return next;
    }
    throw new AcknowledgementSettingsBusy('the settings kept changing under this request; try again');
  }
}
