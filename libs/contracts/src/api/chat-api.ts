import { z } from 'zod';

/** PUT /api/v1/chat/presence: whether the agent answers web chats now. */
export const chatPresenceBody = z.strictObject({ status: z.enum(['available', 'away']) });
export type ChatPresenceBody = z.infer<typeof chatPresenceBody>;

/** POST /api/v1/tickets/:number/read: the agent has read the visitor's chat lines up to this message (default: the latest). */
export const chatReadBody = z.strictObject({
  /** The timeline entry id of the visitor's message read up to. */
  messageId: z.string().min(1).max(300).optional(),
});
export type ChatReadBody = z.infer<typeof chatReadBody>;
