import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from '../tickets/tickets-client';

/** A web-chat line on a ticket: the visitor's session (the contact's provider thread) and the widget's id of the line. */
export interface ChatLineRef {
  sessionId: string;
  lineId: string;
  /** The line's timeline entry. */
  messageId: string;
}

interface TimelineEntry {
  id: string;
  kind: string;
  direction?: string;
  channel?: string;
  providerMessageId?: string;
}

/** channel-social names a visitor's message `<sessionId>:<message id>` (contact.received.v1's providerMessageId). */
const CHAT_MESSAGE_ID = /^(cs_[A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/;
const CACHE_LIMIT = 10_000;

export function chatLineOf(entry: TimelineEntry): ChatLineRef | null {
  if (entry.kind !== 'message' || entry.direction !== 'inbound' || entry.channel !== 'chat') return null;
  const match = CHAT_MESSAGE_ID.exec(entry.providerMessageId ?? '');
  return match ? { sessionId: match[1], lineId: match[2], messageId: entry.id } : null;
}

/** The visitor's chat lines on a timeline, oldest first. */
export function chatLinesOf(timeline: TimelineEntry[]): ChatLineRef[] {
  return timeline.map(chatLineOf).filter((line): line is ChatLineRef => line !== null);
}

/**
 * Which web-chat session a ticket talks in, and back. The ticket's latest chat
 * message from the visitor names the session (its provider message id is
 * `<sessionId>:<line>`, the session being the contact's provider thread that
 * replies answer in). Ticket → session is read from the tickets service and
 * kept until the ticket gets a new chat message; session → ticket is what this
 * instance has learnt, so the visitor's signals (which know no ticket) reach
 * the screens watching it.
 */
@Injectable()
export class ChatSessions {
  private readonly byTicket = new Map<string, ChatLineRef>();
  private readonly bySession = new Map<string, number>();

  constructor(private readonly tickets: TicketsClient) {}

  /** The ticket's newest visitor line (and so its session); 409 when the ticket has no web chat. */
  async latestLine(agent: AgentPrincipal, number: number): Promise<ChatLineRef> {
    const cached = this.byTicket.get(`${agent.workspaceId}:${number}`);
    if (cached) return cached;
    const line = (await this.lines(agent, number)).at(-1);
    if (!line) throw new ConflictException({ code: 'NO_CHAT_SESSION', message: 'this ticket has no web chat' });
    return line;
  }

  /** The visitor's line with this timeline entry id; 404 when it is not one of the ticket's chat messages. */
  async line(agent: AgentPrincipal, number: number, messageId: string): Promise<ChatLineRef> {
    const line = (await this.lines(agent, number)).find((l) => l.messageId === messageId);
    if (!line)
      throw new NotFoundException({
        code: 'CHAT_MESSAGE_NOT_FOUND',
        message: "not one of the visitor's chat messages on this ticket",
      });
    return line;
  }

  /** Learns the ticket's session now, so signals from it carry the number; a ticket without chat is no error here. */
  async watch(agent: AgentPrincipal, number: number): Promise<void> {
    await this.latestLine(agent, number).catch(() => undefined);
  }

  numberOf(workspaceId: string, sessionId: string): number | null {
    return this.bySession.get(`${workspaceId}:${sessionId}`) ?? null;
  }

  /** The visitor wrote again (perhaps from a new session): the next look-up reads the ticket anew. */
  forget(workspaceId: string, number: number): void {
    this.byTicket.delete(`${workspaceId}:${number}`);
  }

  private async lines(agent: AgentPrincipal, number: number): Promise<ChatLineRef[]> {
    const answer = await this.tickets.call(agent, `tickets/${number}`);
    const lines = chatLinesOf((answer.body as { timeline: TimelineEntry[] }).timeline);
    const latest = lines.at(-1);
    if (latest) this.remember(agent.workspaceId, number, latest);
    return lines;
  }

  private remember(workspaceId: string, number: number, line: ChatLineRef): void {
    // Bounded: the oldest entries go first (Map keeps insertion order).
    for (const map of [this.byTicket, this.bySession] as Map<string, unknown>[]) {
      if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as string);
    }
    this.byTicket.set(`${workspaceId}:${number}`, line);
    this.bySession.set(`${workspaceId}:${line.sessionId}`, number);
  }
}
