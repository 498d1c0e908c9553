import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS } from '@threadline/service-runtime';

/** What agents' replies cost the store: operations per reply, counted by the driver (see `countStoreOperations`). */
@Injectable()
export class ReplyMetrics {
  private readonly replies: Counter;
  private readonly storeOperations: Counter;

  constructor(@Inject(METRICS) metrics: PlatformMetrics) {
    const registers = [metrics.registry];
    this.replies = new Counter({
      name: 'threadline_ticket_replies_total',
      help: "Agents' reply commands answered (repeats of one Idempotency-Key included)",
      registers,
    });
    this.storeOperations = new Counter({
      name: 'threadline_ticket_reply_store_operations_total',
      help: 'Store operations spent on reply commands (divide by threadline_ticket_replies_total for the cost per reply)',
      registers,
    });
  }

  record(operations: number): void {
    this.replies.inc();
    this.storeOperations.inc(operations);
  }
}
