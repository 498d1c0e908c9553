import { Global, Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from '@threadline/observability';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, MONGO, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { AgentDirectory } from './agents/agent-directory';
import { AnnounceAgentTeams } from './agents/announce-agent-teams';
import { AnnounceEarlierTeams } from './agents/announce-earlier-teams';
import { ManageAgents } from './agents/manage-agents.usecase';
import { NotificationsModule } from './notifications/notifications.module';
import { corsPolicy } from './cors/cors-policy';
import { AgentAuthGuard } from './auth/agent-auth.guard';
import { RolesGuard } from './auth/roles.guard';
import { TokenService } from './auth/token.service';
import { ChatSessions } from './chat/chat-sessions';
import { ChatSignals } from './chat/chat-signals';
import { GATEWAY_CONTROLLERS } from './gateway-controllers';
import { gatewayConfigSchema, type GatewayConfig } from './config';
import { OpenStreams } from './live-updates/live-updates.controller';
import { TicketEventFeed } from './live-updates/ticket-event-feed';
import { WallboardStreams } from './wallboard/wallboard-streams';
import { CurrentAgents } from './sessions/current-agents';
import { LoginThrottle } from './sessions/login-throttle';
import { RefreshTokens } from './sessions/refresh-tokens';
import { TicketsClient } from './tickets/tickets-client';
import { SurveyPageThrottle } from './surveys/survey-page-throttle';
import { WorkspaceRepository } from './workspaces/workspace.repository';

@Global()
@Module({})
export class GatewayAppModule implements NestModule {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(corsPolicy(this.config.CORS_ALLOWED_ORIGINS)).forRoutes('*path');
  }
}

export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  module: (config: GatewayConfig, logger: Logger): DynamicModule => ({
    module: GatewayAppModule,
    imports: [PlatformModule.forRoot({ service: 'gateway', config, logger }), NotificationsModule],
    controllers: GATEWAY_CONTROLLERS,
    providers: [
      TokenService,
      CurrentAgents,
      AgentAuthGuard,
      RolesGuard,
      TicketsClient,
      ChatSessions,
      ChatSignals,
      AgentDirectory,
      TicketEventFeed,
      OpenStreams,
      WallboardStreams,
      AnnounceAgentTeams,
      ManageAgents,
      AnnounceEarlierTeams,
      { provide: AuditLog, inject: [MONGO], useFactory: (c: Connection) => new AuditLog(c) },
      {
        provide: RefreshTokens,
        inject: [MONGO],
        useFactory: (c: Connection) => new RefreshTokens(c, config.JWT_REFRESH_TTL_SECONDS),
      },
      {
        provide: LoginThrottle,
        inject: [MONGO],
        useFactory: (c: Connection) =>
          new LoginThrottle(c, {
            perAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
            perClient: config.LOGIN_MAX_FAILURES_PER_CLIENT,
            windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
          }),
      },
      {
        provide: SurveyPageThrottle,
        inject: [MONGO],
        useFactory: (c: Connection) =>
          new SurveyPageThrottle(c, {
            perClient: config.SURVEY_PAGE_MAX_PER_CLIENT,
            windowSeconds: config.SURVEY_PAGE_WINDOW_SECONDS,
          }),
      },
      { provide: WorkspaceRepository, inject: [MONGO], useFactory: (c: Connection) => new WorkspaceRepository(c) },
    ],
    exports: [WorkspaceRepository],
  }),
};
