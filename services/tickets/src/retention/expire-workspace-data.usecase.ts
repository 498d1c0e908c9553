import { deterministicEventId, type PayloadInputOf } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { CustomerDataStore } from '../personal-data/customer-data.store';
import { channelRecordsOf } from '../personal-data/erasure-plan';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { RetentionCounts } from './retention-runs.repository';
import type { RetentionCutoffs } from './retention-cutoffs';
import type { RetentionStore } from './retention.store';

/** Tickets anonymised per step (and per event): bounded reads, and events far below Kafka's message size. */
const TICKETS_PER_STEP = 50;
/** Chat lines and calls per step and event. */
const ENTRIES_PER_STEP = 200;

type Removal = Omit<PayloadInputOf<'customer.data-expired.v1'>, 'runId' | 'at'>;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const attachmentRefsOf = (entries: TimelineEntryDoc[]) => [
  ...new Set(entries.flatMap((e) => (e.attachments ?? []).map((a) => a.ref)).filter((ref) => ref !== 'erased')),
];

/**
 * One workspace's data past its retention periods, anonymised the way an
 * erasure does it (texts, senders, files and subjects replaced; ticket
 * counts, statuses and timings kept for reports), and the services holding
 * copies told what to remove (customer.data-expired.v1). Safe to repeat: what
 * is done is marked, and a takeover of the day's run redoes only the rest.
 */
export class ExpireWorkspaceData {
  constructor(private readonly deps: { retention: RetentionStore; data: CustomerDataStore; publisher: EventPublisher }) {}

  async execute(workspaceId: string, runId: string, cutoffs: RetentionCutoffs, now: Date): Promise<RetentionCounts> {
    const counts: RetentionCounts = {
      closedTickets: 0,
      messages: 0,
      notes: 0,
      chatTranscriptLines: 0,
      callRecordings: 0,
      attachments: 0,
    };
    const tell = (removal: Removal) =>
      this.deps.publisher.publish('customer.data-expired.v1', {
        workspaceId,
        key: workspaceId,
        // By content: a takeover that tells the same again is recognised; anything new gets its own id.
        id: deterministicEventId('customer.data-expired', workspaceId, runId, JSON.stringify(removal)),
        payload: { runId, at: now.toISOString(), ...removal },
      });
    const { retention, data } = this.deps;

    if (cutoffs.closedTickets) {
      for (const tickets of chunks(await retention.closedTicketsBefore(workspaceId, cutoffs.closedTickets), TICKETS_PER_STEP)) {
        const entries = await retention.entriesOf(workspaceId, tickets);
        // Read before the entries are replaced (their provider ids and files go with them).
        const records = channelRecordsOf(entries);
        const refs = attachmentRefsOf(entries);
        await data.eraseEntries(entries);
        await data.eraseTickets(tickets);
        const shared = await data.attachmentsInUse(workspaceId, refs);
        const attachmentRefs = refs.filter((ref) => !shared.has(ref));
        await tell({ ticketIds: tickets.map((t) => t._id), attachmentRefs, ...records });
        await retention.markAnonymised(tickets, now);
        counts.closedTickets += tickets.length;
        counts.messages += entries.filter((e) => e.kind === 'message').length;
        counts.notes += entries.filter((e) => e.kind === 'note').length;
        counts.attachments += attachmentRefs.length;
      }
    }

    if (cutoffs.chatTranscripts) {
      const lines = await retention.messagesBefore(workspaceId, 'chat', cutoffs.chatTranscripts, 'transcript');
      for (const step of chunks(lines, ENTRIES_PER_STEP)) {
        const records = channelRecordsOf(step);
        await data.eraseEntries(step);
        await tell({ contactRefs: records.contactRefs });
        await retention.markExpired(step, 'transcript');
        counts.chatTranscriptLines += step.length;
      }
    }

    if (cutoffs.callRecordings) {
      // The timeline keeps the call's summary (no recording in it); channel-voice keeps the recording's reference.
      const calls = (await retention.messagesBefore(workspaceId, 'voice', cutoffs.callRecordings, 'recording')).filter(
        (m) => m.direction === 'inbound',
      );
      for (const step of chunks(calls, ENTRIES_PER_STEP)) {
        await tell({ contactRefs: channelRecordsOf(step).contactRefs });
        await retention.markExpired(step, 'recording');
        counts.callRecordings += step.length;
      }
    }

    if (cutoffs.rejectedMails) await tell({ rejectedMailsBefore: cutoffs.rejectedMails.toISOString() });
    return counts;
  }
}
