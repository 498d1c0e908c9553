import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId, type AuditLog, agentActor } from '@threadline/persistence';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { contactEntryId, type TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { CommandRejectedError, workableTicket, type CommandContext } from './command';

export interface NoteInput {
  text: string;
  mentions: string[];
  /** The call the note is about, which must be on the ticket (or on one merged into it). */
  callSid?: string;
}

/** An internal note on a ticket, once per Idempotency-Key: audited, and announced so mentioned agents are told. */
export class AddNote {
  constructor(private readonly deps: { tickets: TicketRepository; audit: AuditLog; publisher: EventPublisher }) {}

  async execute(ctx: CommandContext, number: number, note: NoteInput): Promise<TimelineEntryDoc> {
    const ticket = await workableTicket(this.deps.tickets, ctx.workspaceId, number);
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
      await this.deps.audit.record({
        id: noteId,
        workspaceId: ctx.workspaceId,
        at: now,
        actor: agentActor(ctx.actor.agentId),
        action: 'ticket.note',
        entity: { type: 'ticket', id: ticket._id, label: `#${ticket.number}` },
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

  private async callOn(ticket: TicketDoc, callSid: string): Promise<TimelineEntryDoc> {
    const entry = await this.deps.tickets.findTimelineEntry(
      ticket.workspaceId,
      contactEntryId(ticket.workspaceId, 'voice', callSid),
    );
    const home =
      entry && entry.ticketId !== ticket._id ? await this.deps.tickets.findById(ticket.workspaceId, entry.ticketId) : null;
    if (!entry || (entry.ticketId !== ticket._id && home?.mergedInto?.number !== ticket.number)) {
      throw new CommandRejectedError('CALL_NOT_ON_TICKET', `call ${callSid} is not on #${ticket.number}`, 'unprocessable');
    }
    return entry;
  }
}
