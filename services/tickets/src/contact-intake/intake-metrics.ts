import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import type { HandlerOutcome } from '@threadline/kafka';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS } from '@threadline/service-runtime';

/** What contacts cost the store: operations per contact, counted by the driver (see `countStoreOperations`). */
@Injectable()
export class IntakeMetrics {
  private readonly contacts: Counter<'outcome'>;
  private readonly storeOperations: Counter;
  private readonly perContact: Histogram;
  private readonly races: Counter;
  private readonly stale: Counter;
  private readonly decidedAgain: Counter;

  constructor(@Inject(METRICS) metrics: PlatformMetrics) {
    const registers = [metrics.registry];
    this.contacts = new Counter({
      name: 'threadline_intake_contacts_total',
      help: 'Contacts attached to tickets, by outcome (done, duplicate)',
      labelNames: ['outcome'],
      registers,
    });
    this.storeOperations = new Counter({
      name: 'threadline_intake_store_operations_total',
      help: 'Store operations spent attaching contacts (divide by threadline_intake_contacts_total for the cost per contact)',
      registers,
    });
    this.perContact = new Histogram({
      name: 'threadline_intake_store_operations_per_contact',
      help: 'Store operations per contact, observed per batch of contacts (a contact alone is a batch of one)',
      buckets: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32],
      registers,
    });
    this.races = new Counter({
      name: 'threadline_intake_batch_races_total',
      help: 'Rounds of a batch of contacts that met another partition or instance writing a customer, link or ticket they meant to create (the contacts concerned are decided again)',
      registers,
    });
    this.stale = new Counter({
      name: 'threadline_intake_memory_stale_total',
      help: "Rounds of a batch of contacts that found a ticket remembered from the process's last batches changed meanwhile (the contacts concerned are decided again)",
      registers,
    });
    this.decidedAgain = new Counter({
      name: 'threadline_intake_contacts_decided_again_total',
      help: 'Contacts of a batch decided again (with those sharing a customer, link, ticket or reference) after their round met another writer or a stale memory',
      registers,
    });
  }

  /**
   * @param stale the batch's memory of a ticket was out of date (not another writer's race)
   * @param contacts how many contacts of the round are decided again
   */
  raced(stale = false, contacts = 0): void {
    (stale ? this.stale : this.races).inc();
    this.decidedAgain.inc(contacts);
  }

  record(outcomes: HandlerOutcome[], operations: number): void {
    for (const outcome of outcomes) this.contacts.inc({ outcome });
    this.storeOperations.inc(operations);
    if (outcomes.length > 0) this.perContact.observe(operations / outcomes.length);
  }
}
