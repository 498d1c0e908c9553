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

/** The same for a webhook handled asynchronously (the fields are read inside the use case). */
export async function handleOrBadRequest<T>(handle: () => Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof InvalidWebhookError) throw new BadRequestException({ code: error.code, message: error.message });
    throw error;
  }
}
