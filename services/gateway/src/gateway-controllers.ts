import type { Type } from '@nestjs/common';
import { AuthController } from './auth/auth.controller';
import { TicketsController } from './tickets/tickets.controller';
import { CallNotesController } from './tickets/call-notes.controller';
import { CollectionsHoldsController } from './tickets/collections-holds.controller';
import { CustomersController } from './customers/customers.controller';
import { RetentionController } from './retention/retention.controller';
import { AttachmentsController } from './attachments/attachments.controller';
import { AgentsController } from './agents/agents.controller';
import { AgentDirectoryController } from './agents/agent-directory.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { AuditController } from './audit/audit.controller';
import { LiveUpdatesController } from './live-updates/live-updates.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { ApiViewerController } from './api-viewer/api-viewer.controller';
import { MailboxesController } from './mailboxes/mailboxes.controller';
import { VoiceBoardStreamController } from './voice/voice-board-stream.controller';
import { VoiceController } from './voice/voice.controller';
import { VoiceNumbersController } from './voice/voice-numbers.controller';
import { SlaPoliciesController } from './sla/sla-policies.controller';
import { ChatController } from './chat/chat.controller';
import { SocialConnectionsController } from './social/social-connections.controller';
import { RoutingRulesController } from './routing/routing-rules.controller';
import { AcknowledgementsController } from './acknowledgements/acknowledgements.controller';
import { RoutingAssignmentController } from './routing/routing-assignment.controller';
import { ReportsController } from './reports/reports.controller';
import { ContactReasonsController } from './contact-reasons/contact-reasons.controller';
import { WallboardStreamController } from './wallboard/wallboard-stream.controller';
import { SurveySettingsController } from './surveys/survey-settings.controller';
import { SurveyPageController } from './surveys/survey-page.controller';
import { ConsoleController } from './console/console.controller';

/** The gateway's controllers, in the order Express matches them (app.module loads them; the OpenAPI document is built from them). */
export const GATEWAY_CONTROLLERS: Type[] = [
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
  ApiViewerController,
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
];
