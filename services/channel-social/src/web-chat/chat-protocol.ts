import { customerEmailSchema } from '@threadline/contracts';
import { z } from 'zod';
import type { ChatNotice } from './chat-notices';
import type { SurveyAnswerOutcome, WidgetSurvey } from './visitor-surveys';

/** A client-generated id (visitor, message): random enough to be unguessable, plain enough to log. */
const clientId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 letters, digits, - or _');
const optionalName = z.string().trim().max(200).optional();
// Internationalised addresses too (RFC 6531): a visitor may well be ewa.zielińska@…
const optionalEmail = z.string().trim().max(320).pipe(customerEmailSchema).optional();

/** What the widget sends over the socket; `hello` must come first. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    workspace: z.string().min(1).max(100),
    visitorId: clientId,
    name: optionalName,
    email: optionalEmail,
  }),
  z.strictObject({
    type: z.literal('message'),
    id: clientId,
    text: z.string().trim().min(1).max(5000),
    name: optionalName,
    email: optionalEmail,
  }),
  z.strictObject({ type: z.literal('close') }),
  /** The visitor is writing (the widget sends at most one every ~2 s). */
  z.strictObject({ type: z.literal('typing') }),
  /** The visitor has seen the agent's lines up to and including this one. */
  z.strictObject({ type: z.literal('read'), lineId: z.string().min(1).max(200) }),
  /** The visitor's answer to the survey of one of their chats: a score, or "do not ask me again". */
  z
    .strictObject({
      type: z.literal('survey'),
      sessionId: z.string().regex(/^cs_[A-Za-z0-9_-]{10,60}$/, 'must be a chat session id'),
      score: z.number().int().optional(),
      optOut: z.literal(true).optional(),
    })
    .refine((f) => (f.score === undefined) !== (f.optOut === undefined), {
      message: 'give either a score or optOut',
      path: ['score'],
    }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type HelloFrame = Extract<ClientFrame, { type: 'hello' }>;
export type MessageFrame = Extract<ClientFrame, { type: 'message' }>;
export type ReadFrame = Extract<ClientFrame, { type: 'read' }>;
export type SurveyFrame = Extract<ClientFrame, { type: 'survey' }>;

/** One line of a chat as the widget shows it. */
export interface ChatLine {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  at: string;
}

/** The last line of the other side each has seen: the visitor of the agent's lines, the agent of the visitor's. */
export interface ReadMarks {
  visitor: string | null;
  agent: string | null;
}

/** What the server sends to the widget. */
export type ServerFrame =
  /**
   * `notice`: what the visitor is told about their data (both languages; null when it could not be read);
   * `survey`: one asked in this chat that the widget has not shown (it was shut when the agent closed the ticket).
   */
  | {
      type: 'welcome';
      sessionId: string;
      online: boolean;
      history: ChatLine[];
      read: ReadMarks;
      notice: ChatNotice | null;
      survey: WidgetSurvey | null;
    }
  | { type: 'ack'; id: string }
  | { type: 'message'; line: ChatLine }
  /** The visitor ended the chat; `survey`: the end screen's question, when the workspace asks one. */
  | { type: 'closed'; survey: WidgetSurvey | null }
  /** An agent closed the ticket of this chat: its survey. */
  | { type: 'survey'; survey: WidgetSurvey }
  | { type: 'survey-answered'; sessionId: string; outcome: SurveyAnswerOutcome }
  | { type: 'typing'; from: 'agent' }
  | { type: 'read'; reader: 'agent'; lineId: string }
  | { type: 'error'; code: string; message: string };

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string };

export function parseClientFrame(raw: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'frame is not JSON' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue.path.join('.') || 'frame'}: ${issue.message}` };
  }
  return { ok: true, frame: parsed.data };
}
