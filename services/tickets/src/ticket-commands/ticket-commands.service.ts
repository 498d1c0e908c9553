import { randomUUID } from 'node:crypto';
import { deterministicEventId, type Channel } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditLog } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import { PRIORITY_RANK, type TicketDoc } from '../tickets/ticket.schema';
import { contactEntryId, type TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { ReplyBody, UpdateTicketBody } from './ticket-command.schemas';
import { CommandRejectedError, TicketMissingError } from './command-errors';
import { answerThreading, customerAddress, defaultReplyChannel } from './customer-address';
import { sendOutbound } from './outbound-message';
import { authorizeMerge, authorizeUpdate, type CommandActor } from './ticket-policy';

export { CommandRejectedError, TicketMissingError };

export interface CommandContext {
  workspaceId: string;
  actor: CommandActor;
  /** Idempotency-Key of the request; a retry with the same key is applied once. */
  commandId: string | null;
  /** If-Match: the ticket version the agent's screen showed. */
  expectedVersion?: number;
}

/** Agent commands on tickets: validated by the controller, authorised and applied here, each announced as an event. */
export class TicketCommands {
  constructor(
    private readonly deps: {
      tickets: TicketRepository;
      customers: CustomerRepository;
      changes: TicketChanges;
      audit: AuditLog;
      publisher: EventPublisher;
    },
  ) {}

  async update(ctx: CommandContext, number: number, change: UpdateTicketBody): Promise<TicketDoc> {
    const ticket = await this.open(ctx.workspaceId, number);
    authorizeUpdate(ctx.actor, ticket, change);
    const now = new Date();
    const result = await this.deps.changes.apply({
      ...this.request(ctx, ticket, 'ticket.update', now),
      decide: (current) => {
        const set: Partial<TicketDoc> = { ...change };
        if (change.priority) set.priorityRank = PRIORITY_RANK[change.priority];
        if (change.status && change.status !== current.status) {
          set.statusChangedAt = now;
          set.resolvedAt = change.status === 'closed' ? now : null;
        }
        return set;
      },
    });
    return result.ticket;
  }

  async addNote(ctx: CommandContext, number: number, note: { text: string; mentions: string[]; callSid?: string }) {
    const ticket = await this.open(ctx.workspaceId, number);
    if (note.callSid) await this.callOn(ticket, note.callSid);
    const now = new Date();
    const noteId = deterministicId(ctx.workspaceId, 'note', ctx.commandId ?? randomUUID());
    const entry: TimelineEntryDoc = {
      _id: noteId,
      workspaceId: ctx.workspaceId,
      ticketId: ticket._id,
      kind: 'note',
      occurredAt: now,
      recordedAt: now,
      authorId: ctx.actor.agentId,
      text: note.text,
      mentions: note.mentions,
      ...(note.callSid ? { aboutCall: note.callSid } : {}),
    };
    if (await this.deps.tickets.addTimelineEntryOnce(entry)) {
      await this.deps.audit.appendOnce({
        _id: noteId,
        workspaceId: ctx.workspaceId,
        at: now,
        actor: { kind: 'agent', id: ctx.actor.agentId },
        action: 'ticket.note',
        entity: { type: 'ticket', id: ticket._id, label: `#${ticket.number}` },
        before: null,
        after: { noteId, mentions: note.mentions },
        commandId: ctx.commandId,
      });
    }
    const stored = (await this.deps.tickets.findTimelineEntry(ctx.workspaceId, noteId)) ?? entry;
    await this.deps.publisher.publish('ticket.note-added.v1', {
      id: deterministicEventId('ticket.note-added.v1', noteId),
      workspaceId: ctx.workspaceId,
      key: ticket._id,
      payload: {
        ticketId: ticket._id,
        number: ticket.number,
        version: ticket.version,
        noteId,
        authorId: ctx.actor.agentId,
        mentions: stored.mentions ?? [],
        at: stored.occurredAt.toISOString(),
      },
    });
    return stored;
  }

  /**
   * A reply to the customer: an outbound message on the timeline (delivery
   * "requested"), an outbound.requested.v1 for the channel's connector, and
   * the first-response time if this is the first reply.
   */
  async reply(ctx: CommandContext, number: number, body: ReplyBody) {
    const ticket = await this.open(ctx.workspaceId, number);
    const channel: Channel = body.channel ?? defaultReplyChannel(ticket);
    const to = await customerAddress(this.deps.customers, ticket, channel);
    const now = new Date();
    const result = await this.deps.changes.apply({
      ...this.request(ctx, ticket, 'ticket.reply', now),
      decide: (current) => {
        const status = body.status ?? (current.status === 'new' ? 'open' : current.status);
        return {
          firstResponseAt: current.firstResponseAt ?? now,
          status,
          ...(status !== current.status ? { statusChangedAt: now, resolvedAt: status === 'closed' ? now : null } : {}),
        };
      },
    });
    const replyId = deterministicId(ctx.workspaceId, 'reply', ctx.commandId ?? randomUUID());
    const subject =
      channel === 'email' ? withTicketToken(body.subject ?? replySubject(ticket.subject), ticket.number) : (body.subject ?? null);
    const stored = await sendOutbound(this.deps, {
      id: replyId,
      ticket,
      version: result.ticket.version,
      channel,
      to,
      subject,
      text: body.text,
      authorId: ctx.actor.agentId,
      automatic: false,
      threading: answerThreading(ticket, channel),
    });
    return { ticket: result.ticket, message: stored };
  }

  /** Merges ticket `number` into `intoNumber`: the history shows on the target; the source is closed with a pointer. */
  async merge(ctx: CommandContext, number: number, intoNumber: number): Promise<TicketDoc> {
    authorizeMerge(ctx.actor);
    if (number === intoNumber) throw new CommandRejectedError('MERGE_INTO_ITSELF', 'a ticket cannot be merged into itself');
    const source = await this.find(ctx.workspaceId, number);
    const target = await this.open(ctx.workspaceId, intoNumber);
    if (source.mergedInto && source.mergedInto.ticketId !== target._id) {
      throw new CommandRejectedError('TICKET_MERGED', `#${number} is already merged into #${source.mergedInto.number}`);
    }
    const now = new Date();
    const closed = await this.deps.changes.apply({
      ...this.request(ctx, source, 'ticket.merge', now),
      decide: (current) => ({
        status: 'closed',
        statusChangedAt: current.status === 'closed' ? current.statusChangedAt : now,
        resolvedAt: current.resolvedAt ?? now,
        mergedInto: { ticketId: target._id, number: target.number },
      }),
    });
    // The target's part: done even when the source's part was already done (a retry after a crash).
    const absorbed = await this.deps.changes.apply({
      workspaceId: ctx.workspaceId,
      ticketId: target._id,
      actor: { kind: 'agent', id: ctx.actor.agentId },
      action: 'ticket.merge-in',
      commandId: ctx.commandId ? `${ctx.commandId}:target` : null,
      at: now,
      decide: (current) =>
        current.mergedTicketIds.includes(source._id)
          ? null
          : { mergedTicketIds: [...current.mergedTicketIds, source._id, ...source.mergedTicketIds] },
    });
    const mergeEntryId = deterministicId(ctx.workspaceId, 'ticket-merge', source._id, target._id);
    await this.deps.tickets.addTimelineEntryOnce({
      _id: mergeEntryId,
      workspaceId: ctx.workspaceId,
      ticketId: target._id,
      kind: 'change',
      occurredAt: now,
      recordedAt: now,
      authorId: ctx.actor.agentId,
      actorKind: 'agent',
      action: 'ticket.merge',
      changes: { mergedTicket: { from: null, to: source.number } },
    });
    const customer = await this.deps.customers.resolve(ctx.workspaceId, source.customerId);
    if (customer?.lastTicketId === source._id)
      await this.deps.customers.setLastTicket(customer._id, target._id, customer.ticketEpoch);
    await this.deps.publisher.publish('ticket.merged.v1', {
      id: deterministicEventId('ticket.merged.v1', mergeEntryId),
      workspaceId: ctx.workspaceId,
      key: source._id,
      payload: {
        ticketId: source._id,
        number: source.number,
        version: closed.ticket.version,
        intoTicketId: target._id,
        intoNumber: target.number,
        actor: { kind: 'agent', id: ctx.actor.agentId },
        at: now.toISOString(),
      },
    });
    return absorbed.ticket;
  }

  private request(ctx: CommandContext, ticket: TicketDoc, action: string, at: Date) {
    return {
      workspaceId: ctx.workspaceId,
      ticketId: ticket._id,
      actor: { kind: 'agent' as const, id: ctx.actor.agentId },
      action,
      commandId: ctx.commandId,
      expectedVersion: ctx.expectedVersion,
      at,
    };
  }

  private async find(workspaceId: string, number: number): Promise<TicketDoc> {
    const ticket = await this.deps.tickets.findByNumber(workspaceId, number);
    if (!ticket) throw new TicketMissingError(`no ticket #${number}`);
    return ticket;
  }

  /** A ticket that can still be worked on (not merged away). */
  /** The call's timeline entry, which must be on this ticket (or on one merged into it). */
  private async callOn(ticket: TicketDoc, callSid: string): Promise<TimelineEntryDoc> {
    const entry = await this.deps.tickets.findTimelineEntry(
      ticket.workspaceId,
      contactEntryId(ticket.workspaceId, 'voice', callSid),
    );
    const home =
      entry && entry.ticketId !== ticket._id ? await this.deps.tickets.findById(ticket.workspaceId, entry.ticketId) : null;
    if (!entry || (entry.ticketId !== ticket._id && home?.mergedInto?.number !== ticket.number)) {
      throw new CommandRejectedError('CALL_NOT_ON_TICKET', `call ${callSid} is not on #${ticket.number}`);
    }
    return entry;
  }

  private async open(workspaceId: string, number: number): Promise<TicketDoc> {
    const ticket = await this.find(workspaceId, number);
    if (ticket.mergedInto) {
      throw new CommandRejectedError(
        'TICKET_MERGED',
        `#${number} was merged into #${ticket.mergedInto.number}; work on that one`,
      );
    }
    return ticket;
  }
}

function replySubject(subject: string | null): string {
  if (!subject) return 'Odpowiedź / Reply';
  return /^(re|odp):/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** Our `[#N]` token keeps a reply on its ticket even when quoting headers are lost. */
export function withTicketToken(subject: string, number: number): string {
  return subject.includes(`[#${number}]`) ? subject : `${subject} [#${number}]`;
}
