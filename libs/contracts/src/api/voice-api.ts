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
