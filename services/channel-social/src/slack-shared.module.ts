import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { SlackSettings } from './config';
import { SLACK_SETTINGS } from './slack-workspaces/slack.tokens';
import { TeamDirectory } from './slack-workspaces/team-directory';

/** What the Slack contexts share: the settings and the teams our app is installed in. */
@Global()
@Module({})
export class SlackSharedModule {
  static forRoot(settings: SlackSettings): DynamicModule {
    const providers = [
      { provide: SLACK_SETTINGS, useValue: settings },
      { provide: TeamDirectory, useValue: new TeamDirectory(settings.workspaces) },
    ];
    return { module: SlackSharedModule, providers, exports: providers.map((p) => p.provide) };
  }
}
