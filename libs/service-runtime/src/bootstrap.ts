import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { z } from 'zod';
import { ConfigError, loadConfig, type CommonConfig } from '@threadline/config';
import { createLogger, startTracing, type Logger, type PlatformMetrics } from '@threadline/observability';
import { correlationMiddleware } from './http/correlation.middleware';
import { httpObservation } from './http/http-observation.middleware';
import { httpTracing } from './http/trace.middleware';
import { LOGGER, METRICS } from './tokens';
import type { AddressInfo } from 'node:net';
import { InternalListener } from './http/internal-listener';
import { NestPinoLogger } from './http/nest-logger';
import { DomainErrorFilter, HttpRefusalFilter } from './http/domain-error.filter';
import { StoreErrorFilter } from './http/store-error.filter';
import { unreadableBody } from './http/unreadable-body';

export interface ServiceDefinition<C extends CommonConfig> {
  name: string;
  configSchema: z.ZodType<C> & z.ZodObject;
  /** Builds the service's root module from its validated config. */
  module: (config: C, logger: Logger) => DynamicModule;
  /** The largest JSON body read, in bytes, when not body-parser's 100 kB (a provider's batched webhook). */
  jsonBodyLimit?: number;
}

/** Creates the Nest app for a service: raw bodies kept (webhook signatures), correlation ids, JSON logs, access logs and request metrics. */
export async function createServiceApp<C extends CommonConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: Logger = createLogger(definition.name, config.LOG_LEVEL),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(definition.module(config, logger), {
    rawBody: true,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  // The parsers Nest would add by itself, added here so that the error middleware can follow them.
  app.useBodyParser('json', definition.jsonBodyLimit ? { limit: definition.jsonBodyLimit } : {});
  app.useBodyParser('urlencoded', { extended: true });
  app.use(unreadableBody);
  app.useGlobalFilters(new HttpRefusalFilter(), new DomainErrorFilter(), new StoreErrorFilter(logger));
  app.use(correlationMiddleware);
  app.use(httpTracing(definition.name));
  app.use(httpObservation(app.get<PlatformMetrics>(METRICS), app.get<Logger>(LOGGER)));
  return app;
}

/**
 * Opens both listeners: the public one (HTTP_HOST:HTTP_PORT; Nest's own
 * server, which the chat socket also upgrades on) and the internal one
 * (INTERNAL_HTTP_HOST:INTERNAL_HTTP_PORT) for internal routes only.
 */
export async function listenService(
  app: INestApplication,
  config: CommonConfig,
): Promise<{ publicPort: number; internalPort: number }> {
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const internal = await app.get(InternalListener).listen(config.INTERNAL_HTTP_PORT, config.INTERNAL_HTTP_HOST);
  return { publicPort: (app.getHttpServer().address() as AddressInfo).port, internalPort: internal.port };
}

/**
 * The entry point of every service: validate config (one clear line and exit 1
 * when it is wrong), start, and on SIGTERM/SIGINT finish in-flight work within
 * SHUTDOWN_TIMEOUT_MS before exiting.
 */
export async function runService<C extends CommonConfig>(definition: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = loadConfig(definition.name, definition.configSchema) as C;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const tracing = startTracing(config.OTEL_SERVICE_NAME ?? definition.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  try {
    const app = await createServiceApp(definition, config, logger);
    app.enableShutdownHooks();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        logger.info({ signal }, 'shutting down: finishing in-flight work');
        // Nest closes the app meanwhile; the spans already ended are exported before the process exits.
        void tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'exporting the last spans failed'));
        setTimeout(() => {
          logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
          process.exit(1);
        }, config.SHUTDOWN_TIMEOUT_MS).unref();
      });
    }
    const { publicPort, internalPort } = await listenService(app, config);
    logger.info({ port: publicPort, internalPort }, `${definition.name} listening`);
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
}
