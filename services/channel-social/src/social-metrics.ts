import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { PlatformMetrics } from '@threadline/observability';
import { METRICS } from '@threadline/service-runtime';

/** Counters of the Messenger and Slack channels, on the service's Prometheus registry. */
@Injectable()
export class SocialMetrics {
  readonly received: Counter<'channel' | 'outcome'>;
  readonly sent: Counter<'channel' | 'outcome'>;
  readonly rejected: Counter<'channel' | 'reason'>;
  readonly notified: Counter<'channel' | 'outcome'>;
  readonly chatRefused: Counter<'reason'>;

  constructor(@Inject(METRICS) metrics: PlatformMetrics) {
    const registers = [metrics.registry];
    this.received = new Counter({
      name: 'threadline_social_events_received_total',
      help: 'Inbound Messenger and Slack events by outcome: published, duplicate, delivered, ignored, malformed, rate-limited, unknown-page, unknown-team, not-support-channel',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.sent = new Counter({
      name: 'threadline_social_sent_total',
      help: 'Outbound Messenger and Slack messages by outcome: sent, failed, duplicate',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.rejected = new Counter({
      name: 'threadline_social_webhooks_rejected_total',
      help: 'Webhooks refused or not read: forged or stale signature, body too large',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.notified = new Counter({
      name: 'threadline_social_notifications_total',
      help: 'Internal notifications into department channels (ticket rules) by outcome: sent, failed, duplicate',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.chatRefused = new Counter({
      name: 'threadline_chat_socket_refused_total',
      help: 'Web chat connections and frames refused: too-many-connections, frame-too-large, binary-frame, bad-frame, too-fast, socket-error',
      labelNames: ['reason'],
      registers,
    });
  }
}
