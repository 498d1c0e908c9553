/** Injection token of the validated TwilioAccount (see config.ts). */
export const TWILIO_ACCOUNT = Symbol('TWILIO_ACCOUNT');
