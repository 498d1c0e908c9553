import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import { TOPICS } from '@threadline/contracts';
import type { PlatformMetrics } from '@threadline/observability';
import { CONFIG, ConsumerHost, METRICS } from '@threadline/service-runtime';
import { timeZoneOf, type ReportingConfig } from '../config';
import { ReadModelStore } from '../read-models/read-model-store';
import { ProjectEvents } from './project-events.usecase';

/** The topics whose events make figures; the `sla.*` topic joins here when it exists. */
export const PROJECTED_TOPICS = [TOPICS.contactReceived.name, TOPICS.ticketEvents.name];

/** Keeps the read models current: one consumer group reading contacts and ticket events from the beginning. */
@Module({})
export class ProjectionModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly store: ReadModelStore,
    @Inject(CONFIG) private readonly config: ReportingConfig,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  onModuleInit(): void {
    const skipped = new Counter({
      name: 'threadline_reporting_events_skipped_total',
      help: 'Events of a type or version the projection does not know, counted and skipped',
      labelNames: ['type'],
      registers: [this.metrics.registry],
    });
    const project = new ProjectEvents(this.store, timeZoneOf(this.config));
    this.consumers.add({
      groupId: this.config.REPORTING_CONSUMER_GROUP,
      topics: PROJECTED_TOPICS,
      // Up to 2,000 events of a partition at once (about one Kafka fetch: the more at once, the more of them
      // fall on one counter document and merge into one write); each partition writes counter documents of its own, so no
      // two consumers ever update one document. `handler` is the one-by-one fallback.
      batch: {
        handle: async (events, from) => {
          await project.execute(events, `${from.topic}/${from.partition}`);
          return events.map(() => 'done' as const);
        },
        maxEvents: 2000,
      },
      handler: (event) => project.one(event),
      onUnknownType: (type) => skipped.inc({ type }),
    });
  }
}
