import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace, isDuplicateKeyError } from '@threadline/persistence';

interface TicketSubjectDoc {
  /** The ticket id. */
  _id: string;
  workspaceId: string;
  subject: string | null;
}

const subjectSchema = new Schema<TicketSubjectDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    subject: { type: String, default: null },
  },
  { versionKey: false },
);

/**
 * Ticket subjects from ticket.created.v1 (ticket.updated.v1 carries none and a
 * subject never changes), kept only for workspaces with notification rules.
 * Insert-only and read by `_id`: cheap on FerretDB however many tickets.
 */
export class TicketSubjectsRepository {
  private readonly subjects: Model<TicketSubjectDoc>;

  constructor(connection: Connection) {
    this.subjects = connection.model<TicketSubjectDoc>('SlackNotificationSubject', subjectSchema, 'slack_notification_subjects');
  }

  async remember(ticketId: string, workspaceId: string, subject: string | null): Promise<void> {
    try {
      await this.subjects.create({ _id: ticketId, workspaceId, subject });
    } catch (error) {
      // Remembered before: a redelivered ticket.created.v1.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async subjectOf(ticketId: string, workspaceId: string): Promise<string | null> {
    return (await findInWorkspace(this.subjects, workspaceId, ticketId))?.subject ?? null;
  }

  /** The erased customer's tickets' subjects, kept for notifications, go. */
  async forget(workspaceId: string, ticketIds: string[]): Promise<void> {
    for (const _id of ticketIds) await this.subjects.deleteOne({ _id, workspaceId });
  }
}
