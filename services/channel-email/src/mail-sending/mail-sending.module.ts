import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { AdminGivenHosts } from '@threadline/resilience';
import { CONFIG, ConsumerHost, LOGGER, METRICS, MONGO } from '@threadline/service-runtime';
import type { ChannelEmailConfig } from '../config';
import { MailboxDirectory } from '../mailboxes/mailbox-directory';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { OutboxRepository } from './outbox.repository';
import { OutboxSender } from './outbox-sender';
import { SmtpTransports } from './smtp-transports';

/**
 * Outgoing mail: outbound.requested.v1 for e-mail goes into the outbox (once
 * per message id), and the sender works the outbox over SMTP. The consumer
 * never waits for a mail server, so a slow server cannot stall the partition.
 */
@Module({
  imports: [MailboxesModule],
  providers: [{ provide: OutboxRepository, inject: [MONGO], useFactory: (c: Connection) => new OutboxRepository(c) }],
  exports: [OutboxRepository],
})
export class MailSendingModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly transports: SmtpTransports;
  private readonly sender: OutboxSender;

  constructor(
    @Inject(CONFIG) private readonly config: ChannelEmailConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: PlatformMetrics,
    private readonly consumers: ConsumerHost,
    private readonly outbox: OutboxRepository,
    publisher: EventPublisher,
    mailboxes: MailboxDirectory,
    hosts: AdminGivenHosts,
  ) {
    this.transports = new SmtpTransports(config.EMAIL_SEND_TIMEOUT_MS, config.EMAIL_SMTP_MAX_CONNECTIONS, metrics);
    this.sender = new OutboxSender(
      { outbox, transports: this.transports, publisher, mailboxesOf: (ws) => mailboxes.ofWorkspace(ws), logger, hosts },
      {
        owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
        maxAttempts: config.EMAIL_SEND_MAX_ATTEMPTS,
        retryBaseMs: config.EMAIL_SEND_RETRY_BASE_MS,
        retryMaxMs: config.EMAIL_SEND_RETRY_MAX_MS,
        sendTimeoutMs: config.EMAIL_SEND_TIMEOUT_MS,
        pollMs: config.EMAIL_OUTBOX_POLL_MS,
        concurrency: config.EMAIL_SEND_CONCURRENCY,
        batch: config.EMAIL_SEND_BATCH,
      },
    );
  }

  onModuleInit(): void {
    this.consumers.addOutbound(
      this.config.EMAIL_OUTBOUND_CONSUMER_GROUP,
      'email',
      async ({ payload, workspaceId, correlationId }) => {
        const added = await this.outbox.enqueue(workspaceId, payload, correlationId ?? null, new Date());
        this.sender.kick();
        return added ? 'done' : 'duplicate';
      },
      // A backlog of answers (a morning's acknowledgements) goes in with one insert per batch.
      async (events) => {
        const added = await this.outbox.enqueueMany(
          events.map(({ payload, workspaceId, correlationId }) => ({
            workspaceId,
            request: payload,
            correlationId: correlationId ?? null,
          })),
          new Date(),
        );
        this.sender.kick();
        return added.map((one) => (one ? 'done' : 'duplicate'));
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.stop();
    this.transports.close();
  }
}
