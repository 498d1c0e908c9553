import { Module } from '@nestjs/common';
import { ClientTokenController } from './client-token.controller';

/** Agents' browsers as phones (Twilio Client / Voice SDK). */
@Module({ controllers: [ClientTokenController] })
export class TwilioClientModule {}
