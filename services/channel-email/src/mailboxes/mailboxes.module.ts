import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, MONGO } from '@threadline/service-runtime';
import type { ChannelEmailConfig } from '../config';
import { MailboxDirectory } from './mailbox-directory';
import { MailboxRepository } from './mailbox.repository';
import { MailboxesController } from './mailboxes.controller';

/** The workspace's mailboxes: the admin API over them, and the directory the sync and the sending read. */
@Module({
  controllers: [MailboxesController],
  providers: [
    { provide: MailboxRepository, inject: [MONGO], useFactory: (c: Connection) => new MailboxRepository(c) },
    {
      provide: MailboxDirectory,
      inject: [CONFIG, MailboxRepository],
      useFactory: (config: ChannelEmailConfig, stored: MailboxRepository) => new MailboxDirectory(config.EMAIL_MAILBOXES, stored),
    },
  ],
  exports: [MailboxRepository, MailboxDirectory],
})
export class MailboxesModule {}
