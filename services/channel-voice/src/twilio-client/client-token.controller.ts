import { Controller, HttpCode, Inject, Post, ServiceUnavailableException } from '@nestjs/common';
import { Caller, CONFIG, type CallerPrincipal } from '@threadline/service-runtime';
import type { ChannelVoiceConfig } from '../config';
import { issueClientToken } from './client-token';

/** An agent's Twilio Client token (internal; the agent's own id from the service token). */
@Controller('internal/v1/workspaces/:workspaceId/voice/client-token')
export class ClientTokenController {
  constructor(@Inject(CONFIG) private readonly config: ChannelVoiceConfig) {}

  @Post()
  @HttpCode(200)
  issue(@Caller() { agentId }: CallerPrincipal) {
    const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_API_KEY_SID: keySid, TWILIO_API_KEY_SECRET: keySecret } = this.config;
    if (!accountSid || !keySid || !keySecret) {
      throw new ServiceUnavailableException({
        code: 'CLIENT_NOT_CONFIGURED',
        message: 'Twilio Client is off: set TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET for channel-voice',
      });
    }
    // The identity is the agent id: TakeNextCaller dials <Client>agentId</Client> for an agent without a phone.
    return issueClientToken({ accountSid, keySid, keySecret }, agentId, this.config.TWILIO_CLIENT_TOKEN_TTL_SECONDS);
  }
}
