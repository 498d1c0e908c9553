// Every route of every service, as Nest discovers it, is either internal
// (internal/v1/workspaces/:workspaceId/…: internal listener, service token,
// checked by the platform's listener guard) or declared public with what
// keeps strangers out (@PublicRoute). A route with neither fails here.
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SERVICE_CATALOG, type CommonConfig } from '@threadline/config';
import { createLogger } from '@threadline/observability';
import {
  INTERNAL_ROUTE_PREFIX,
  PlatformModule,
  routeInventory,
  type InventoriedRoute,
  type ServiceDefinition,
} from '@threadline/service-runtime';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { routingService } from '../../services/routing/src/app.module';
import { slaService } from '../../services/sla/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const platform = {
  HTTP_PORT: '0',
  INTERNAL_HTTP_PORT: '0',
  KAFKA_BROKERS: '127.0.0.1:9',
  MONGO_URL: 'mongodb://127.0.0.1:9/',
  MONGO_DATABASE: 'inventory',
  LOG_LEVEL: 'silent',
  SERVICE_TOKEN_SECRET: 's'.repeat(40),
  STORE_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const voiceOn = {
  TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  TWILIO_API_KEY_SID: 'SK' + '0'.repeat(32),
  TWILIO_API_KEY_SECRET: 'k'.repeat(32),
  PUBLIC_BASE_URL: 'https://help.firma.pl/voice',
};
const socialOn = { MESSENGER_VERIFY_TOKEN: 'verify-token-1', CHAT_WORKSPACES: 'ws-1' };

/** Each service as it runs with every channel on, and the channels that can be off as they run then. */
const variants: [string, ServiceDefinition<CommonConfig>, Record<string, string>][] = [
  ['gateway', gatewayService, { JWT_SECRET: 'j'.repeat(40), TICKETS_URL: 'http://tickets:3104' }],
  ['channel-email', channelEmailService, {}],
  ['channel-voice', channelVoiceService, voiceOn],
  ['channel-voice (off)', channelVoiceService, {}],
  ['channel-social', channelSocialService, socialOn],
  ['channel-social (off)', channelSocialService, { SLACK_ENABLED: 'false' }],
  ['tickets', ticketsService, {}],
  ['routing', routingService, { TICKETS_URL: 'http://tickets:3104' }],
  ['sla', slaService, {}],
  ['reporting', reportingService, {}],
] as unknown as [string, ServiceDefinition<CommonConfig>, Record<string, string>][];

/** The routes Nest discovers in the module, without starting anything (preview: no providers built, no Kafka, no store). */
async function routesOf(module: DynamicModule): Promise<InventoriedRoute[]> {
  const app = await NestFactory.create(module, { preview: true, logger: false, abortOnError: false });
  try {
    return routeInventory(app);
  } finally {
    await app.close();
  }
}

async function inventoryOf<C extends CommonConfig>(definition: ServiceDefinition<C>, env: Record<string, string>) {
  const config = definition.configSchema.parse({ ...platform, ...env }) as C;
  return routesOf(definition.module(config, createLogger(definition.name, 'silent')));
}

const describeRoute = (r: InventoriedRoute) => `${r.method} /${r.path} (${r.handler})`;

it('inventories every service of the catalog', () => {
  expect(new Set(variants.map(([, definition]) => definition.name))).toEqual(new Set(SERVICE_CATALOG.map((s) => s.name)));
});

describe.each(variants)('%s', (_, definition, env) => {
  let routes: InventoriedRoute[];
  beforeAll(async () => {
    routes = await inventoryOf(definition, env);
  });

  it('declares every route public (with what guards it) or keeps it internal', () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.door.kind === 'undeclared').map(describeRoute)).toEqual([]);
  });

  it('keeps every internal route under the workspace the service token names', () => {
    const internal = routes.filter((r) => r.door.kind === 'internal');
    expect(internal.filter((r) => !r.path.startsWith(`${INTERNAL_ROUTE_PREFIX}/`)).map(describeRoute)).toEqual([]);
  });

  it('says why a public route needs no guard', () => {
    for (const { door } of routes) {
      if (door.kind === 'public' && door.declaration.guard === 'none-needed')
        expect(door.declaration.why.length).toBeGreaterThan(10);
    }
  });
});

it('serves the gateway’s agent API publicly, and every route of the services the gateway calls that is not a webhook only internally', async () => {
  const tickets = await inventoryOf(ticketsService, {});
  expect(
    tickets
      .filter((r) => r.door.kind === 'public')
      .map((r) => r.path)
      .sort(),
  ).toEqual(['health', 'health/live', 'health/ready', 'metrics']);
  const voice = await inventoryOf(channelVoiceService, voiceOn);
  expect(voice.filter((r) => r.door.kind === 'public' && !r.path.startsWith('webhooks/twilio/'))).toHaveLength(4);
  const gateway = await inventoryOf(gatewayService, { JWT_SECRET: 'j'.repeat(40), TICKETS_URL: 'http://tickets:3104' });
  expect(gateway.filter((r) => r.door.kind === 'internal')).toEqual([]);
});

describe('a route someone adds later', () => {
  @Controller('admin/v1')
  class ForgottenController {
    @Get('export')
    export() {
      return [];
    }
  }
  @Controller('internal/v1/workspaces/:workspaceId/reports')
  class InternalController {
    @Get()
    list() {
      return [];
    }
  }
  @Module({})
  class LaterModule {}

  it('is caught when it declares nothing, and covered without a line of its own when it is internal', async () => {
    const config = routingService.configSchema.parse({ ...platform, TICKETS_URL: 'http://tickets:3104' });
    const routes = await routesOf({
      module: LaterModule,
      imports: [PlatformModule.forRoot({ service: 'routing', config, logger: createLogger('routing', 'silent') })],
      controllers: [ForgottenController, InternalController],
    });
    expect(routes.find((r) => r.path === 'admin/v1/export')?.door.kind).toBe('undeclared');
    expect(routes.find((r) => r.path === 'internal/v1/workspaces/:workspaceId/reports')?.door.kind).toBe('internal');
  });
});
