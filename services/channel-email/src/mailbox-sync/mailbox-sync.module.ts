import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { CONFIG, HealthRegistry, LOGGER, MONGO } from '@threadline/service-runtime';
import { AttachmentStore } from '../attachments/attachment-store';
import { SenderRateLimit } from '../mail-intake/sender-rate-limit';
import type { ChannelEmailConfig } from '../config';
import { MailboxWorker } from './mailbox-worker';
import { SyncCheckpointRepository } from './sync-checkpoint.repository';

/** One worker per configured mailbox, started with the app and stopped (sync finished) before it closes. */
@Module({
  providers: [
    { provide: SyncCheckpointRepository, inject: [MONGO], useFactory: (c: Connection) => new SyncCheckpointRepository(c) },
    { provide: AttachmentStore, inject: [MONGO], useFactory: (c: Connection) => new AttachmentStore(c) },
    {
      provide: SenderRateLimit,
      inject: [MONGO, CONFIG],
      useFactory: (c: Connection, config: ChannelEmailConfig) =>
        new SenderRateLimit(c, config.EMAIL_SENDER_MAX_PER_WINDOW, config.EMAIL_SENDER_WINDOW_SECONDS),
    },
  ],
})
export class MailboxSyncModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: MailboxWorker[];

  constructor(
    @Inject(CONFIG) config: ChannelEmailConfig,
    @Inject(LOGGER) logger: Logger,
    publisher: EventPublisher,
    checkpoints: SyncCheckpointRepository,
    attachments: AttachmentStore,
    senderLimit: SenderRateLimit,
    health: HealthRegistry,
  ) {
    const ownAddresses = new Set(config.EMAIL_MAILBOXES.map((m) => m.user.toLowerCase()).filter((user) => user.includes('@')));
    this.workers = config.EMAIL_MAILBOXES.map(
      (mailbox) =>
        new MailboxWorker(mailbox, {
          publisher,
          checkpoints,
          attachments,
          logger,
          pollIntervalMs: config.EMAIL_POLL_INTERVAL_MS,
          fetchBatch: config.EMAIL_FETCH_BATCH,
          maxAttachmentBytes: config.EMAIL_MAX_ATTACHMENT_BYTES,
          ownAddresses,
          senderLimit,
        }),
    );
    config.EMAIL_MAILBOXES.forEach((mailbox, i) =>
      health.register(`imap:${mailbox.id}`, async () => {
        const problem = this.workers[i].problem;
        if (problem) throw new Error(problem);
      }),
    );
  }

  onApplicationBootstrap(): void {
    this.workers.forEach((w) => w.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}
