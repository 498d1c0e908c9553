import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { PlatformMetrics } from '@threadline/observability';
import { METRICS, SERVICE_NAME } from '../tokens';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';

let app: INestApplication;
let url: string;
let registry: HealthRegistry;

beforeAll(async () => {
  @Module({
    controllers: [HealthController],
    providers: [
      HealthRegistry,
      { provide: METRICS, useValue: new PlatformMetrics('tickets') },
      { provide: SERVICE_NAME, useValue: 'tickets' },
    ],
  })
  class HealthOnlyModule {}
  app = await NestFactory.create(HealthOnlyModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  registry = app.get(HealthRegistry);
});

afterAll(() => app.close());

const get = async (path: string) => {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

it('is live and ready when every dependency answers', async () => {
  registry.register('store', async () => {});
  expect(await get('/health/live')).toEqual({
    status: 200,
    body: expect.objectContaining({ service: 'tickets', status: 'ok' }),
  });
  expect(await get('/health/ready')).toEqual({
    status: 200,
    body: { service: 'tickets', status: 'ok', checks: { store: 'ok' } },
  });
});

it('stays live but is not ready while a dependency fails, naming it; /health answers as readiness', async () => {
  registry.register('kafka', async () => {
    throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  });
  const live = await get('/health/live');
  const ready = await get('/health/ready');
  const legacy = await get('/health');
  expect(live.status).toBe(200);
  expect(live.body).not.toHaveProperty('checks');
  expect(ready).toEqual({
    status: 503,
    body: {
      service: 'tickets',
      status: 'unavailable',
      checks: { store: 'ok', kafka: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' },
    },
  });
  expect(legacy).toEqual(ready);
  registry.unregister('kafka');
  expect((await get('/health/ready')).status).toBe(200);
});
