import { z } from 'zod';
import { SURVEY_SCALES } from './survey.v1';

/**
 * Live web-chat signals: who is typing, who has read up to which line, which
 * agents answer chats. Ephemeral (the topic keeps them an hour): a missed
 * typing signal is simply not shown; read marks and presence are kept in
 * channel-social's store by whoever must remember them.
 */

/** A chat session id (`cs_…`): the visitor's provider thread, on the ticket's chat messages. */
const sessionId = z.string().regex(/^cs_[A-Za-z0-9_-]{10,60}$/, 'must be a chat session id');
/** A line of the chat: a visitor's message id, or an agent reply's id (its timeline entry). */
const lineId = z.string().min(1).max(200);

/** Someone is writing in a chat session now; screens show it for a few seconds. */
export const chatTypingV1 = z.object({
  sessionId,
  from: z.enum(['visitor', 'agent']),
  /** The agent who types; null for the visitor. */
  agentId: z.string().min(1).nullable(),
  /** The ticket, when the sender knows it (the gateway does, the widget's side does not). */
  number: z.number().int().positive().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type ChatTypingV1 = z.infer<typeof chatTypingV1>;

/** `reader` has seen the other side's lines up to and including `lineId`. */
export const chatReadV1 = z.object({
  sessionId,
  reader: z.enum(['visitor', 'agent']),
  lineId,
  agentId: z.string().min(1).nullable(),
  number: z.number().int().positive().nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type ChatReadV1 = z.infer<typeof chatReadV1>;

/** An agent answers chats (until `expiresAt`, renewed by their screen) or not. */
export const chatPresenceV1 = z.object({
  agentId: z.string().min(1),
  status: z.enum(['available', 'away']),
  /** Available only until then unless renewed: a closed browser does not stay available. Null when away. */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  at: z.iso.datetime({ offset: true }),
});
export type ChatPresenceV1 = z.infer<typeof chatPresenceV1>;

/** A customer-facing text in both languages; the widget shows the page's. */
const bothLanguages = z.strictObject({ pl: z.string().min(1).max(2000), en: z.string().min(1).max(2000) });

/**
 * The ticket a chat talked in was closed: its satisfaction survey, for the
 * visitor's widget to show (every channel-social instance pushes it to the
 * session's open sockets). Published by the tickets service, which decided the
 * survey is due; the answer comes back to it by the session.
 */
export const chatSurveyOfferedV1 = z.object({
  sessionId,
  number: z.number().int().positive(),
  scale: z.enum(SURVEY_SCALES),
  question: bothLanguages,
  notice: bothLanguages,
  at: z.iso.datetime({ offset: true }),
});
export type ChatSurveyOfferedV1 = z.infer<typeof chatSurveyOfferedV1>;
