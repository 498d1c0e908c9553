import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { METRICS } from '@threadline/service-runtime';
import type { SlackSettings } from '../config';
import { connectionProviders } from '../connections/connection-providers';
import { isPermanentSlackError } from './outbound/slack-errors';
import { SlackPoster } from './outbound/slack-poster';
import { SLACK_BREAKER, SLACK_SETTINGS, SLACK_STORED_TEAMS } from './workspaces/slack.tokens';
import { TEAM_KIND, TeamDirectory } from './workspaces/team-directory';

/**
 * What the Slack contexts share: the settings, the teams our app is installed
 * in (configured and stored), and the Web API poster with its breaker —
 * replies and notifications post through the same client, and Slack's
 * health is judged once.
 */
@Global()
@Module({})
export class SlackSharedModule implements OnApplicationShutdown {
  constructor(@Inject(SLACK_BREAKER) private readonly breaker: ProviderBreaker) {}

  static forRoot(settings: SlackSettings): DynamicModule {
    const providers = [
      { provide: SLACK_SETTINGS, useValue: settings },
      ...connectionProviders({
        kind: TEAM_KIND,
        storedToken: SLACK_STORED_TEAMS,
        directory: TeamDirectory,
        configured: settings.workspaces,
        cacheMs: settings.cacheMs,
      }),
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
