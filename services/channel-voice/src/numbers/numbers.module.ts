import { Module } from '@nestjs/common';
import { CONFIG } from '@threadline/service-runtime';
import type { ChannelVoiceConfig } from '../config';
import { ManageNumbers } from './manage-numbers.usecase';
import { NumberDirectory } from './number-directory';
import { StoredNumberRepository } from './stored-number.repository';
import { VoiceNumbersController } from './voice-numbers.controller';

/** The admin API over the workspace's numbers; the directory itself is shared (VoiceSharedModule). */
@Module({
  controllers: [VoiceNumbersController],
  providers: [
    {
      provide: ManageNumbers,
      inject: [StoredNumberRepository, NumberDirectory, CONFIG],
      useFactory: (stored: StoredNumberRepository, directory: NumberDirectory, config: ChannelVoiceConfig) =>
        new ManageNumbers(stored, directory, config.VOICE_NUMBERS),
    },
  ],
})
export class NumbersModule {}
