import { z } from 'zod';
import { callSetupSchema } from './voice-call-setup';

/** PUT /api/v1/voice/presence: whether the agent takes calls, and where they ring. */
export const voicePresenceBody = z.strictObject({
  status: z.enum(['available', 'away']),
  /** The agent's phone (E.164 or a Polish number); null = the agent's Twilio Client. Left out: unchanged. */
  phone: z.string().min(3).max(32).nullable().optional(),
});
export type VoicePresenceBody = z.infer<typeof voicePresenceBody>;

/** POST /api/v1/voice/queues/:queue/next: take the longest-waiting caller. */
export const takeNextCallerBody = z.strictObject({
  /** Ring this phone instead of the one in the agent's presence. */
  phone: z.string().min(3).max(32).optional(),
});
export type TakeNextCallerBody = z.infer<typeof takeNextCallerBody>;

/** How long an agent has to accept a waiting caller offered to them (routing's `ROUTING_CALL_OFFER_SECONDS`). */
export const CALL_OFFER_SECONDS = { min: 5, max: 300, default: 20 } as const;

/** Internal, routing → channel-voice: offer that queue entry of a waiting call to the agent. */
export const callOfferBody = z.strictObject({
  callSid: z.string().min(1).max(64),
  entry: z.number().int().positive(),
  agentId: z.string().min(1).max(100),
  timeoutSeconds: z.number().int().min(CALL_OFFER_SECONDS.min).max(CALL_OFFER_SECONDS.max),
});
export type CallOfferBody = z.infer<typeof callOfferBody>;

/** POST /api/v1/voice/offer/accept: take the caller offered to you (ringing this phone instead of your presence's). */
export const acceptCallOfferBody = takeNextCallerBody;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +48221234567');

/** POST /api/v1/voice/numbers: a Twilio number of the account becomes the workspace's. */
export const voiceNumberBody = z.strictObject({
  /** The Twilio number customers text or call, E.164. */
  number: e164,
  /** How calls to the number are answered (IVR, queues, hours); absent: one queue, always open, Polish. */
  calls: callSetupSchema.nullable().default(null),
});
export type VoiceNumberBody = z.infer<typeof voiceNumberBody>;

/** PATCH /api/v1/voice/numbers/:number: a new call setup (null: back to the default). */
export const voiceNumberChangeBody = z.strictObject({ calls: callSetupSchema.nullable() });
export type VoiceNumberChangeBody = z.infer<typeof voiceNumberChangeBody>;
