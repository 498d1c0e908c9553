import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { METRICS } from '@threadline/service-runtime';
import type { SlackSettings } from './config';
import { isPermanentSlackError } from './slack-outbound/slack-errors';
import { SlackPoster } from './slack-outbound/slack-poster';
import { SLACK_BREAKER, SLACK_SETTINGS } from './slack-workspaces/slack.tokens';
import { TeamDirectory } from './slack-workspaces/team-directory';

/**
 * What the Slack contexts share: the settings, the teams our app is installed
 * in, and the Web API poster with its breaker — replies and notifications
 * post through the same client, and Slack's health is judged once.
 */
@Global()
@Module({})
export class SlackSharedModule implements OnApplicationShutdown {
  constructor(@Inject(SLACK_BREAKER) private readonly breaker: ProviderBreaker) {}

  static forRoot(settings: SlackSettings): DynamicModule {
    const providers = [
      { provide: SLACK_SETTINGS, useValue: settings },
      { provide: TeamDirectory, useValue: new TeamDirectory(settings.workspaces) },
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
