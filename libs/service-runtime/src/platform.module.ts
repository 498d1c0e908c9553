import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { CommonConfig } from '@threadline/config';
import { PersonalDataCodec } from '@threadline/contracts';
import { createKafkaClient, ensureTopics, EventPublisher, kafkaSecurity } from '@threadline/kafka';
import { createLogger, PlatformMetrics, type Logger } from '@threadline/observability';
import { connectMongo, ensureIndexes, monitorStoreOperations, pingMongo, SubjectKeyStore } from '@threadline/persistence';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { InternalListener } from './http/internal-listener';
import { ListenerGuard } from './http/listener.guard';
import { ConsumerHost } from './messaging/consumer-host';
import { ServiceTokenMinter, ServiceTokenVerifier } from './service-auth/service-token';
import { CONFIG, KAFKA, LOGGER, METRICS, MONGO, PERSONAL_DATA, SERVICE_NAME, SUBJECT_KEYS } from './tokens';

export interface PlatformOptions<C extends CommonConfig = CommonConfig> {
  service: string;
  config: C;
  logger?: Logger;
}

/**
 * What every service gets: its config, a JSON logger, metrics, a Kafka client
 * with a validated publisher, its MongoDB connection, consumers that stop
 * cleanly, and /health + /metrics. Global, so feature modules just inject.
 * Its listener guard runs before every handler: public routes on the public
 * listener, internal ones on the internal listener with a service token.
 */
@Global()
@Module({})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MONGO) private readonly mongo: Connection,
    private readonly publisher: EventPublisher,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: CommonConfig,
  ) {}

  static forRoot<C extends CommonConfig>({ service, config, logger }: PlatformOptions<C>): DynamicModule {
    const log = logger ?? createLogger(service, config.LOG_LEVEL);
    const providers = [
      { provide: SERVICE_NAME, useValue: service },
      { provide: CONFIG, useValue: config },
      { provide: LOGGER, useValue: log },
      { provide: METRICS, useValue: new PlatformMetrics(service) },
      {
        provide: KAFKA,
        useFactory: () =>
          createKafkaClient({
            brokers: config.KAFKA_BROKERS,
            clientId: config.KAFKA_CLIENT_ID ?? service,
            logger: log,
            security: kafkaSecurity(config),
          }),
      },
      {
        provide: MONGO,
        inject: [METRICS],
        useFactory: async (metrics: PlatformMetrics) => {
          const connection = await connectMongo(config.MONGO_URL, config.MONGO_DATABASE);
          monitorStoreOperations(connection, (command, documents) => {
            metrics.storeOperations.inc({ command });
            if (documents > 0) metrics.storeDocumentsWritten.inc({ command }, documents);
          });
          return connection;
        },
      },
      {
        provide: SUBJECT_KEYS,
        inject: [MONGO],
        useFactory: (mongo: Connection) =>
          config.PERSONAL_DATA_MASTER_KEY ? new SubjectKeyStore(mongo, config.PERSONAL_DATA_MASTER_KEY) : null,
      },
      {
        provide: PERSONAL_DATA,
        inject: [SUBJECT_KEYS],
        useFactory: (keys: SubjectKeyStore | null) => (keys ? new PersonalDataCodec(keys) : null),
      },
      {
        provide: EventPublisher,
        inject: [KAFKA, METRICS, PERSONAL_DATA],
        useFactory: (kafka: Kafka, metrics: PlatformMetrics, personalData: PersonalDataCodec | null) =>
          new EventPublisher(kafka, service, log, metrics, personalData ?? undefined),
      },
      HealthRegistry,
      ConsumerHost,
      InternalListener,
      { provide: ServiceTokenVerifier, useValue: new ServiceTokenVerifier(service, config.SERVICE_TOKEN_SECRET) },
      { provide: ServiceTokenMinter, useValue: new ServiceTokenMinter(service, config.SERVICE_TOKEN_SECRET) },
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [...providers, { provide: APP_GUARD, useClass: ListenerGuard }],
      exports: providers.map((p) => ('provide' in p ? p.provide : p)),
    };
  }

  async onModuleInit(): Promise<void> {
    // Repositories registered their models while providers were built; unique
    // keys (what makes consumers idempotent) must exist before the first event.
    await ensureIndexes(this.mongo);
    const admin = this.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, undefined, {
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
      perTopic: this.config.KAFKA_TOPIC_SETTINGS,
    });
    await this.publisher.connect();
    this.health.register('kafka', async () => {
      await admin.describeCluster();
    });
    this.health.register('store', () => pingMongo(this.mongo));
    this.shutdownAdmin = () => admin.disconnect();
  }

  private shutdownAdmin: () => Promise<void> = async () => {};

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
    await this.shutdownAdmin();
    await this.mongo.close();
    this.logger.info('stopped: in-flight work finished, producer flushed, store closed');
  }
}
