import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from '@threadline/observability';
import { SecretBox } from '@threadline/persistence';
import { CONFIG, LOGGER, MONGO } from '@threadline/service-runtime';
import type { ChannelEmailConfig } from '../config';
import { AdminGivenHosts } from '@threadline/resilience';
import { MailboxDirectory } from './mailbox-directory';
import { MailboxStateRepository } from './mailbox-state.repository';
import { MailboxRepository } from './mailbox.repository';
import { MailboxesController } from './mailboxes.controller';

/** The workspace's mailboxes: the admin API over them, and the directory the sync and the sending read. */
@Module({
  controllers: [MailboxesController],
  providers: [
    {
      provide: MailboxRepository,
      inject: [MONGO, CONFIG],
      useFactory: (c: Connection, config: ChannelEmailConfig) =>
        new MailboxRepository(c, new SecretBox(config.STORE_SECRETS_KEY)),
    },
    { provide: MailboxStateRepository, inject: [MONGO], useFactory: (c: Connection) => new MailboxStateRepository(c) },
    {
      provide: AdminGivenHosts,
      inject: [CONFIG],
      useFactory: (config: ChannelEmailConfig) => new AdminGivenHosts(config.EMAIL_ALLOWED_INTERNAL_HOSTS),
    },
    {
      provide: MailboxDirectory,
      inject: [CONFIG, MailboxRepository],
      useFactory: (config: ChannelEmailConfig, stored: MailboxRepository) => new MailboxDirectory(config.EMAIL_MAILBOXES, stored),
    },
  ],
  exports: [MailboxRepository, MailboxDirectory, MailboxStateRepository, AdminGivenHosts],
})
export class MailboxesModule implements OnModuleInit {
  constructor(
    private readonly mailboxes: MailboxRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Before any sync starts: passwords stored in plain text by an earlier release are sealed. */
  async onModuleInit(): Promise<void> {
    const sealed = await this.mailboxes.sealPlainPasswords();
    if (sealed > 0) this.logger.info({ sealed }, 'sealed mailbox passwords stored in plain text by an earlier release');
  }
}
