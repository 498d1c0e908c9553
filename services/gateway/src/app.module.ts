import { Global, Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from '@threadline/observability';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, MONGO, PlatformModule, type ServiceDefinition } from '@threadline/service-runtime';
import { AgentDirectory } from './agents/agent-directory';
import { AgentDirectoryController } from './agents/agent-directory.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsModule } from './notifications/notifications.module';
import { corsPolicy } from './cors/cors-policy';
import { AgentsController } from './agents/agents.controller';
import { AttachmentsController } from './attachments/attachments.controller';
import { AuditController } from './audit/audit.controller';
import { AgentAuthGuard } from './auth/agent-auth.guard';
import { RolesGuard } from './auth/roles.guard';
import { AuthController } from './auth/auth.controller';
import { TokenService } from './auth/token.service';
import { ChatController } from './chat/chat.controller';
import { ChatSessions } from './chat/chat-sessions';
import { gatewayConfigSchema, type GatewayConfig } from './config';
import { ConsoleController } from './console/console.controller';
import { CustomersController } from './customers/customers.controller';
import { AcknowledgementsController } from './acknowledgements/acknowledgements.controller';
import { RetentionController } from './retention/retention.controller';
import { MailboxesController } from './mailboxes/mailboxes.controller';
import { LiveUpdatesController, OpenStreams } from './live-updates/live-updates.controller';
import { TicketEventFeed } from './live-updates/ticket-event-feed';
import { OpenApiController } from './openapi/openapi.controller';
import { CurrentAgents } from './sessions/current-agents';
import { LoginThrottle } from './sessions/login-throttle';
import { ContactReasonsController } from './contact-reasons/contact-reasons.controller';
import { ReportsController } from './reports/reports.controller';
import { WallboardStreamController } from './wallboard/wallboard-stream.controller';
import { WallboardStreams } from './wallboard/wallboard-streams';
import { RefreshTokens } from './sessions/refresh-tokens';
import { RoutingAssignmentController } from './routing/routing-assignment.controller';
import { RoutingRulesController } from './routing/routing-rules.controller';
import { SocialConnectionsController } from './social/social-connections.controller';
import { TicketsClient } from './tickets/tickets-client';
import { CallNotesController } from './tickets/call-notes.controller';
import { CollectionsHoldsController } from './tickets/collections-holds.controller';
import { TicketsController } from './tickets/tickets.controller';
import { VoiceBoardStreamController } from './voice/voice-board-stream.controller';
import { VoiceController } from './voice/voice.controller';
import { SlaPoliciesController } from './sla/sla-policies.controller';
import { VoiceNumbersController } from './voice/voice-numbers.controller';
import { SurveyPageController } from './surveys/survey-page.controller';
import { SurveyPageThrottle } from './surveys/survey-page-throttle';
import { SurveySettingsController } from './surveys/survey-settings.controller';
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
    controllers: [
      AuthController,
      TicketsController,
      CallNotesController,
      CollectionsHoldsController,
      CustomersController,
      RetentionController,
      AttachmentsController,
      AgentsController,
      AgentDirectoryController,
      NotificationsController,
      AuditController,
      LiveUpdatesController,
      OpenApiController,
      MailboxesController,
      VoiceBoardStreamController,
      VoiceController,
      VoiceNumbersController,
      SlaPoliciesController,
      ChatController,
      SocialConnectionsController,
      RoutingRulesController,
      AcknowledgementsController,
      RoutingAssignmentController,
      ContactReasonsController,
      WallboardStreamController,
      ReportsController,
      SurveySettingsController,
      SurveyPageController,
      // Last: its catch-all answers only what no API route did.
      ConsoleController,
    ],
    providers: [
      TokenService,
      CurrentAgents,
      AgentAuthGuard,
      RolesGuard,
      TicketsClient,
      ChatSessions,
      AgentDirectory,
      TicketEventFeed,
      OpenStreams,
      WallboardStreams,
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
