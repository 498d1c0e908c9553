import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { Counter } from 'prom-client';
import { TOPICS } from '@threadline/contracts';
import type { EventSource } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { CONFIG, ConsumerHost, LOGGER, METRICS } from '@threadline/service-runtime';
import { calendarOf, timeZoneOf, type ReportingConfig } from '../config';
import { ProjectionMarkerStore } from '../read-models/projection-marker';
import { ReadModelStore } from '../read-models/read-model-store';
import { ProjectEvents, projects } from './project-events.usecase';
import { EnsureProjectionVersion } from './rebuild';

/** The Kafka admin reporting asks for end and committed offsets (a rebuild's progress). */
export const REPORTING_ADMIN = Symbol('REPORTING_ADMIN');

/** The topics whose events make figures. */
export const PROJECTED_TOPICS = [TOPICS.contactReceived.name, TOPICS.ticketEvents.name, TOPICS.slaEvents.name];

/** About one event's envelope on Kafka, to size a fetch for a batch. */
const EVENT_BYTES = 1024;

/** Whose counter documents a partition writes: its own, so one document has one writer (the partition's owner). */
const shardOf = (from: EventSource) => `${from.topic}/${from.partition}`;

/**
 * Keeps the read models current: one consumer group reading contacts and
 * ticket events from the beginning, once the read models are of this
 * build's projection version (rebuilding them first if they are not).
 */
@Module({})
export class ProjectionModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly store: ReadModelStore,
    private readonly markers: ProjectionMarkerStore,
    @Inject(REPORTING_ADMIN) private readonly admin: Admin,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: ReportingConfig,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    const { group } = await new EnsureProjectionVersion(this.markers, this.store, this.admin, this.logger).execute(
      this.config.REPORTING_CONSUMER_GROUP,
      PROJECTED_TOPICS,
    );
    const skipped = new Counter({
      name: 'threadline_reporting_events_skipped_total',
      help: 'Events of a type or version the projection does not know, counted and skipped',
      labelNames: ['type'],
      registers: [this.metrics.registry],
    });
    const zoneOf = timeZoneOf(this.config);
    const officeOf = calendarOf(this.config);
    const project = new ProjectEvents(this.store, (workspaceId) => ({
      timeZone: zoneOf(workspaceId),
      calendar: officeOf(workspaceId),
    }));
    this.consumers.add({
      groupId: group,
      topics: PROJECTED_TOPICS,
      // Up to REPORTING_BATCH_EVENTS of a partition at once, fetched at once (the more at once, the more of them fall on
      // one counter document, ticket and label key, and merge into one write); each partition writes counter documents
      // of its own, so no two consumers ever update one document. `handler` is the one-by-one fallback.
      batch: {
        handle: async (events, from) => {
          await project.execute(events, shardOf(from), { caughtUp: from.caughtUp });
          return events.map(() => 'done' as const);
        },
        maxEvents: this.config.REPORTING_BATCH_EVENTS,
        fetchBytesPerPartition: this.config.REPORTING_BATCH_EVENTS * EVENT_BYTES,
      },
      handler: (event, from) => project.one(event, shardOf(from)),
      onUnknownType: (type) => skipped.inc({ type }),
      // Known events that make no figures (notes, delivery statuses: many in live traffic) are not decoded.
      wants: projects,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
