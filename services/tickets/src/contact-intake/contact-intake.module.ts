import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { EventPublisher, type BatchHandling, type HandlerOutcome } from '@threadline/kafka';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { CustomerRepository } from '../customers/customer.repository';
import { IdentifyCustomer } from '../customers/identify-customer';
import { TicketChanges } from '../tickets/ticket-changes';
import { TicketRepository } from '../tickets/ticket.repository';
import { AcknowledgeNewTicket } from '../acknowledgements/acknowledge-new-ticket.usecase';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { countStoreOperations } from '@threadline/persistence';
import { AttachContact } from './attach-contact.usecase';
import { AttachContacts } from './attach-contacts.usecase';
import { IntakeMemory } from './intake-memory';
import { IntakeMetrics } from './intake-metrics';
import { SurveysModule } from '../surveys/surveys.module';
import { SurveyReplies } from '../surveys/survey-replies';

const HOUR_MS = 3600_000;

type ContactEvent = TypedEnvelope<'contact.received.v1'>;

/** Consumes contact.received.v1 and attaches contacts to tickets, a partition's batch at a time. */
@Module({
  imports: [SurveysModule, AcknowledgementsModule],
  providers: [
    IntakeMetrics,
    {
      provide: IntakeMemory,
      inject: [CONFIG],
      useFactory: (config: TicketsConfig) =>
        new IntakeMemory(config.TICKETS_INTAKE_KNOWN_LINKS, config.TICKETS_INTAKE_KNOWN_TICKETS),
    },
    {
      provide: AttachContacts,
      inject: [AttachContact, IntakeMetrics, IntakeMemory],
      useFactory: (one: AttachContact, metrics: IntakeMetrics, memory: IntakeMemory) =>
        one.batched((stale, contacts) => metrics.raced(stale, contacts), memory),
    },
    {
      provide: AttachContact,
      inject: [
        CustomerRepository,
        IdentifyCustomer,
        TicketRepository,
        TicketChanges,
        EventPublisher,
        AcknowledgeNewTicket,
        CONFIG,
      ],
      useFactory: (
        customers: CustomerRepository,
        identify: IdentifyCustomer,
        tickets: TicketRepository,
        changes: TicketChanges,
        publisher: EventPublisher,
        acknowledge: AcknowledgeNewTicket,
        config: TicketsConfig,
      ) =>
        new AttachContact({
          customers,
          identify,
          tickets,
          changes,
          publisher,
          policy: {
            continuityMs: config.TICKETS_CONTINUITY_HOURS * HOUR_MS,
            reopenMs: config.TICKETS_REOPEN_DAYS * 24 * HOUR_MS,
          },
          acknowledge,
        }),
    },
  ],
})
export class ContactIntakeModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly attachContact: AttachContact,
    private readonly attachContacts: AttachContacts,
    private readonly metrics: IntakeMetrics,
    private readonly memory: IntakeMemory,
    private readonly surveyReplies: SurveyReplies,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.TICKETS_CONSUMER_GROUP,
      topics: [TOPICS.contactReceived.name],
      handler: async (event) => {
        if (event.type !== 'contact.received.v1') return 'ignored';
        if (await this.surveyReplies.take(event as ContactEvent)) return 'done';
        return (await this.counted([event as ContactEvent], async ([one]) => [await this.attachContact.execute(one)]))[0];
      },
      batch: this.config.TICKETS_INTAKE_BATCH > 1 ? this.batchHandling() : undefined,
      // What this member remembers was mostly written by the partitions it held: forgotten when they move.
      onAssignment: (assignment) => this.memory.reassigned(assignment),
    });
  }

  private batchHandling(): BatchHandling {
    return {
      maxEvents: this.config.TICKETS_INTAKE_BATCH,
      handle: async (events) => {
        // A survey's answer ("5" by SMS) is taken before the batch: it never becomes a ticket message.
        const answers = new Set<TypedEnvelope>();
        for (const e of events)
          if (e.type === 'contact.received.v1' && (await this.surveyReplies.take(e as ContactEvent))) answers.add(e);
        const contacts = events.filter((e): e is ContactEvent => e.type === 'contact.received.v1' && !answers.has(e));
        let attached: HandlerOutcome[];
        try {
          attached = await this.counted(contacts, (batch) => this.attachContacts.execute(batch));
        } catch (error) {
          // Its events go one by one now, behind the memory's back: the next batches read their tickets afresh.
          this.memory.failed();
          throw error;
        }
        let next = 0;
        return events.map((e) => (answers.has(e) ? 'done' : e.type === 'contact.received.v1' ? attached[next++] : 'ignored'));
      },
    };
  }

  private async counted(contacts: ContactEvent[], attach: (contacts: ContactEvent[]) => Promise<HandlerOutcome[]>) {
    const { result, operations } = await countStoreOperations(() => attach(contacts));
    this.metrics.record(result, operations);
    return result;
  }
}
