import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { CONFIG, ConsumerHost, LOGGER, MONGO } from '@threadline/service-runtime';
import type { ReportingConfig } from '../config';
import { ContactReasonStore } from './contact-reason-store';
import { ContactReasonsController } from './contact-reasons.controller';
import { CurrentModels } from './current-models';
import { ForgetContacts } from './forget-contacts.usecase';
import { LEARNED_TYPES, LearnContactReasons, mayLearnFrom, type LearnedEvent } from './learn-contact-reasons.usecase';
import { TrainContactReasons } from './train-contact-reasons.usecase';

/**
 * Events handed to the classifier at once (a partition's consecutive ones): the contacts' words kept in one insert,
 * and no per-event span and metrics for the rest. Small enough that one batch's work is short.
 */
const BATCH_EVENTS = 1000;

/**
 * Contact reasons learnt from the office's own labels: a consumer group of
 * its own (so the figures' projection and its rebuilds are untouched) reads
 * contacts and ticket events, keeps one example per ticket and suggests a
 * new ticket's category; workspaces whose agents labelled tickets are
 * trained again every REPORTING_CONTACT_REASONS_TRAIN_MS; erasures and
 * expiries remove what they name and retrain at once.
 */
@Module({
  controllers: [ContactReasonsController],
  providers: [{ provide: ContactReasonStore, inject: [MONGO], useFactory: (c: Connection) => new ContactReasonStore(c) }],
})
export class ContactReasonsModule implements OnModuleInit, OnApplicationShutdown {
  private readonly toTrain = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private training: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumers: ConsumerHost,
    private readonly store: ContactReasonStore,
    @Inject(CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureIndexes();
    const models = new CurrentModels(this.store);
    const train = new TrainContactReasons(this.store);
    const markForTraining = (workspaceId: string) => this.toTrain.add(workspaceId);
    const learn = new LearnContactReasons(this.store, models, markForTraining);
    const forget = new ForgetContacts(this.store, train, models, markForTraining);
    const group = this.config.REPORTING_CONTACT_REASONS_GROUP;
    this.consumers.add({
      groupId: group,
      topics: [TOPICS.contactReceived.name, TOPICS.ticketEvents.name],
      // Most ticket events teach it nothing (outbound messages, changes other than an agent's category): not decoded.
      wants: mayLearnFrom,
      handler: (event: TypedEnvelope) =>
        LEARNED_TYPES.has(event.type) ? learn.execute(event as LearnedEvent) : Promise.resolve('ignored'),
      batch: { handle: (events) => learn.executeMany(events), maxEvents: BATCH_EVENTS },
    });
    this.consumers.addCustomerErasure(`${group}.erasure`, (workspaceId, removal) => forget.execute(workspaceId, removal));
    this.timer = setInterval(() => {
      this.training = this.training.then(() => this.trainLabelled(train, models));
    }, this.config.REPORTING_CONTACT_REASONS_TRAIN_MS);
    this.timer.unref();
  }

  private async trainLabelled(train: TrainContactReasons, models: CurrentModels): Promise<void> {
    const workspaces = [...this.toTrain];
    this.toTrain.clear();
    for (const workspaceId of workspaces) {
      try {
        models.put(await train.execute(workspaceId));
      } catch (error) {
        this.toTrain.add(workspaceId);
        this.logger.warn({ err: error, workspaceId }, 'could not train the contact-reason model; trying again next round');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.training;
  }
}
