import { All, Controller, ServiceUnavailableException } from '@nestjs/common';

/**
 * Answers the voice API while the channel is off (no Twilio account
 * configured): a clear 503 for the agent, not a bare "Cannot GET".
 */
@Controller('internal/v1/workspaces/:workspaceId/voice')
export class VoiceOffController {
  @All('*path')
  off(): never {
    throw new ServiceUnavailableException({
      code: 'VOICE_NOT_CONFIGURED',
      message:
        'the phone and SMS channel is off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL for channel-voice',
    });
  }
}
