import { BadRequestException } from '@nestjs/common';

/** A signed Twilio request without the fields its kind must have. */
export class InvalidWebhookError extends Error {
  readonly code = 'INVALID_TWILIO_WEBHOOK';
}

/** Runs a webhook reader; a missing or bad field answers 400 naming it. */
export function readOrBadRequest<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidWebhookError) throw new BadRequestException({ code: error.code, message: error.message });
    throw error;
  }
}
