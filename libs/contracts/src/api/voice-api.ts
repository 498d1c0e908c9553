import { z } from 'zod';

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
