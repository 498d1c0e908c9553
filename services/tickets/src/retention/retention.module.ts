import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { AuditLog, DailyJobClaims, type TimeSource } from '@threadline/persistence';
import { CONFIG, LOGGER, MONGO } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerDataStore } from '../personal-data/customer-data.store';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { TIME_SOURCE } from '../time-source';
import { ExpireWorkspaceData } from './expire-workspace-data.usecase';
import { RetentionController } from './retention.controller';
import { RetentionRunsRepository } from './retention-runs.repository';
import { RetentionScheduler } from './retention-scheduler';
import { RetentionSettingsRepository } from './retention-settings.repository';
import { RetentionStore } from './retention.store';
import { RunDailyRetention } from './run-daily-retention.usecase';
import { UpdateRetentionSettings } from './update-retention-settings.usecase';

/** RODO retention: each workspace's periods, and the daily run that anonymises what outlived them. */
@Module({
  imports: [PersonalDataModule],
  controllers: [RetentionController],
  providers: [
    { provide: RetentionSettingsRepository, inject: [MONGO], useFactory: (c: Connection) => new RetentionSettingsRepository(c) },
    { provide: RetentionRunsRepository, inject: [MONGO], useFactory: (c: Connection) => new RetentionRunsRepository(c) },
    {
      provide: UpdateRetentionSettings,
      inject: [RetentionSettingsRepository, AuditLog],
      useFactory: (settings: RetentionSettingsRepository, audit: AuditLog) => new UpdateRetentionSettings({ settings, audit }),
    },
    {
      provide: RetentionScheduler,
      inject: [
        MONGO,
        CONFIG,
        LOGGER,
        TIME_SOURCE,
        RetentionSettingsRepository,
        RetentionRunsRepository,
        CustomerDataStore,
        AuditLog,
        EventPublisher,
      ],
      useFactory: (
        connection: Connection,
        config: TicketsConfig,
        logger: Logger,
        time: TimeSource,
        settings: RetentionSettingsRepository,
        runs: RetentionRunsRepository,
        data: CustomerDataStore,
        audit: AuditLog,
        publisher: EventPublisher,
      ) => {
        const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
        const expire = new ExpireWorkspaceData({ retention: new RetentionStore(connection), data, publisher });
        const claims = new DailyJobClaims(connection, instance, config.TICKETS_RETENTION_LEASE_MS);
        const run = new RunDailyRetention({ claims, settings, runs, expire, audit, time, instance });
        return new RetentionScheduler(run, config.TICKETS_RETENTION_POLL_MS, logger);
      },
    },
  ],
})
export class RetentionModule {}
