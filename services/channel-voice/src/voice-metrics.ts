import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS } from '@threadline/service-runtime';

/** The phone and SMS channel's own counters, on the service's Prometheus registry. */
@Injectable()
export class VoiceMetrics {
  readonly smsReceived: Counter<'outcome'>;
  readonly smsSent: Counter<'outcome'>;
  readonly webhooksRejected: Counter<'path'>;
  readonly callsEnded: Counter<'outcome'>;

  constructor(@Inject(METRICS) metrics: PlatformMetrics) {
    const registers = [metrics.registry];
    this.smsReceived = new Counter({
      name: 'threadline_sms_received_total',
      help: 'Inbound SMS webhooks by outcome: published, unknown-number, unusable-sender',
      labelNames: ['outcome'],
      registers,
    });
    this.smsSent = new Counter({
      name: 'threadline_sms_sent_total',
      help: 'Outbound SMS by outcome: sent, failed, duplicate',
      labelNames: ['outcome'],
      registers,
    });
    this.webhooksRejected = new Counter({
      name: 'threadline_twilio_webhooks_rejected_total',
      help: 'Twilio webhooks refused for a missing or wrong signature',
      labelNames: ['path'],
      registers,
    });
    this.callsEnded = new Counter({
      name: 'threadline_calls_ended_total',
      help: 'Finished calls by outcome: answered, abandoned, voicemail, message, missed, withheld-number',
      labelNames: ['outcome'],
      registers,
    });
  }
}
