import { z } from 'zod';

/**
 * Call queues and phone presence, announced by channel-voice so routing can
 * offer a waiting caller to a free agent. A call's events are keyed by its
 * CallSid (in order per call); presence by the agent's id.
 */

const callSid = z.string().min(1).max(64);
/** The call's entry into a queue (1 the first time; again after an agent did not answer): offers and takes are per entry. */
const entry = z.number().int().positive();

/** A caller joined a call queue and waits. */
export const callQueuedV1 = z.object({
  callSid,
  queue: z.string().min(1),
  entry,
  enqueuedAt: z.iso.datetime({ offset: true }),
  /** The language the line speaks to the caller (`pl`, `en`): the agent must speak it. */
  language: z.string().min(2).max(8),
});
export type CallQueuedV1 = z.infer<typeof callQueuedV1>;

/** The caller left that queue entry: an agent took them, they hung up, or went to voicemail. */
export const callDequeuedV1 = z.object({
  callSid,
  queue: z.string().min(1),
  entry,
  reason: z.enum(['taken', 'left']),
  /** Who took the call (reason `taken`). */
  agentId: z.string().min(1).nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type CallDequeuedV1 = z.infer<typeof callDequeuedV1>;

/** An offer of a waiting caller to an agent ended: accepted, declined, not answered in time, or withdrawn (the caller left or was taken). */
export const callOfferEndedV1 = z.object({
  callSid,
  queue: z.string().min(1),
  entry,
  offerId: z.string().min(1),
  agentId: z.string().min(1),
  outcome: z.enum(['accepted', 'declined', 'expired', 'withdrawn']),
  at: z.iso.datetime({ offset: true }),
});
export type CallOfferEndedV1 = z.infer<typeof callOfferEndedV1>;

/** An agent's phone presence: takes calls or not, and whether on a call now. */
export const voicePresenceV1 = z.object({
  agentId: z.string().min(1),
  status: z.enum(['available', 'away']),
  onCall: z.boolean(),
  at: z.iso.datetime({ offset: true }),
});
export type VoicePresenceV1 = z.infer<typeof voicePresenceV1>;
