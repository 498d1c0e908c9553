import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { CONFIG, HealthRegistry, LOGGER, MONGO } from '@threadline/service-runtime';
import { AttachmentStore } from '../attachments/attachment-store';
import { SenderRateLimit } from '../mail-intake/sender-rate-limit';
import type { ChannelEmailConfig } from '../config';
import { LeasedMailbox } from './leased-mailbox';
import { MailboxLeases } from './mailbox-lease';
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
  private readonly mailboxes: LeasedMailbox[];
  private readonly leaseCheckMs: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(CONFIG) config: ChannelEmailConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(MONGO) connection: Connection,
    publisher: EventPublisher,
    checkpoints: SyncCheckpointRepository,
    attachments: AttachmentStore,
    senderLimit: SenderRateLimit,
    health: HealthRegistry,
  ) {
    const ownAddresses = new Set(config.EMAIL_MAILBOXES.map((m) => m.user.toLowerCase()).filter((user) => user.includes('@')));
    const leases = new MailboxLeases(
      connection,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      config.EMAIL_LEASE_TTL_MS,
    );
    this.leaseCheckMs = Math.max(200, Math.floor(config.EMAIL_LEASE_TTL_MS / 3));
    this.mailboxes = config.EMAIL_MAILBOXES.map(
      (mailbox) =>
        new LeasedMailbox(
          mailbox,
          leases,
          () =>
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
          logger,
        ),
    );
    for (const leased of this.mailboxes) {
      health.register(`imap:${leased.mailbox.id}`, async () => {
        const problem = leased.problem;
        if (problem) throw new Error(problem);
      });
    }
  }

  /** Which mailboxes this instance syncs now (the others are held by other instances). */
  get syncing(): string[] {
    return this.mailboxes.filter((m) => m.holding).map((m) => m.mailbox.id);
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.mailboxes.map((m) => m.check()));
    this.timer = setInterval(() => this.mailboxes.forEach((m) => void m.check().catch(() => undefined)), this.leaseCheckMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.mailboxes.map((m) => m.stop()));
  }
}
