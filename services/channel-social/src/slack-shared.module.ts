import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { PlatformMetrics } from '@threadline/observability';
import { SecretBox } from '@threadline/persistence';
import { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, METRICS, MONGO } from '@threadline/service-runtime';
import type { ChannelSocialConfig, SlackSettings, SlackWorkspace } from './config';
import { SealedConnectionRepository } from './connections/sealed-connection.repository';
import { isPermanentSlackError } from './slack-outbound/slack-errors';
import { SlackPoster } from './slack-outbound/slack-poster';
import { SLACK_BREAKER, SLACK_SETTINGS, SLACK_STORED_TEAMS } from './slack-workspaces/slack.tokens';
import { TEAM_KIND, TeamDirectory } from './slack-workspaces/team-directory';

/**
 * What the Slack contexts share: the settings, the teams our app is installed
 * in (configured and stored), and the Web API poster with its breaker — replies and notifications
 * post through the same client, and Slack's health is judged once.
 */
@Global()
@Module({})
export class SlackSharedModule implements OnApplicationShutdown {
  constructor(@Inject(SLACK_BREAKER) private readonly breaker: ProviderBreaker) {}

  static forRoot(settings: SlackSettings): DynamicModule {
    const providers = [
      { provide: SLACK_SETTINGS, useValue: settings },
      {
        provide: SLACK_STORED_TEAMS,
        inject: [MONGO, CONFIG],
        useFactory: (c: Connection, config: ChannelSocialConfig) =>
          new SealedConnectionRepository(c, TEAM_KIND, new SecretBox(config.STORE_SECRETS_KEY)),
      },
      {
        provide: TeamDirectory,
        inject: [SLACK_STORED_TEAMS],
        useFactory: (stored: SealedConnectionRepository<SlackWorkspace>) =>
          new TeamDirectory(settings.workspaces, stored, settings.cacheMs),
      },
      {
        provide: SlackPoster,
        useValue: new SlackPoster({ apiBaseUrl: settings.apiBaseUrl, timeoutMs: settings.timeoutMs + 1000 }),
      },
      {
        provide: SLACK_BREAKER,
        inject: [METRICS],
        useFactory: (metrics: PlatformMetrics) =>
          new ProviderBreaker({
            provider: 'slack:web-api',
            timeoutMs: settings.timeoutMs,
            volumeThreshold: 5,
            isPermanent: isPermanentSlackError,
            metrics,
          }),
      },
    ];
    return { module: SlackSharedModule, providers, exports: providers.map((p) => p.provide) };
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
