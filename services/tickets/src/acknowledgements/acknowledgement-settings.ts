import type { AcknowledgementSettings, Channel, Language } from '@threadline/contracts';
import type { AcknowledgementSettingsRepository } from './acknowledgement-settings.repository';

/** What a workspace gets before its admin saves settings: e-mail acknowledged (the service's switch), built-in texts. */
export function defaultSettings(defaults: { emailEnabled: boolean; language: Language }): AcknowledgementSettings {
  return {
    enabled: defaults.emailEnabled,
    channels: { email: true, sms: false, messenger: false, slack: false, chat: false, voice: false },
    languageFrom: 'customer',
    defaultLanguage: defaults.language,
    templates: {},
  };
}

/** Whether a ticket opened on `channel` is acknowledged under `settings`. */
export const acknowledges = (settings: AcknowledgementSettings, channel: Channel): boolean =>
  settings.enabled && settings.channels[channel];

export interface SettingsView {
  version: number;
  settings: AcknowledgementSettings;
}

/**
 * Each workspace's settings in memory for `ttlMs` (intake reads them for
 * every new ticket); a change through this instance shows at once, one made
 * elsewhere within the TTL — no restart.
 */
export class AcknowledgementSettingsSource {
  private readonly entries = new Map<string, SettingsView & { readAt: number }>();

  constructor(
    private readonly repository: AcknowledgementSettingsRepository,
    private readonly defaults: AcknowledgementSettings,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async of(workspaceId: string): Promise<SettingsView> {
    const entry = this.entries.get(workspaceId);
    if (entry && this.now() - entry.readAt < this.ttlMs) return entry;
    const stored = await this.repository.find(workspaceId);
    return this.put(
      workspaceId,
      stored ? { version: stored.version, settings: stored.settings } : { version: 0, settings: this.defaults },
    );
  }

  put(workspaceId: string, view: SettingsView): SettingsView {
    this.entries.set(workspaceId, { ...view, readAt: this.now() });
    return view;
  }
}
