import { createHash } from 'node:crypto';
import type { TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { ReadModelStore } from '../read-models/read-model-store';
import { satisfactionDeltas } from '../satisfaction/satisfaction-deltas';
import { contactDeltas } from './contact-deltas';
import { compactDeltas, type CounterDelta, type Grain } from './counter-delta';
import { slaDeltas } from './sla-deltas';
import { FindRecurringProblems } from '../recurring/find-recurring-problems';
import type { CategoryLabel } from '../recurring/recurring-problems';
import { newCategoryLabel, projectTicketEvent, type TicketEvent, type TicketFacts, type WorkspaceTime } from './ticket-facts';

/** How an event makes figures: from its own payload alone (a contact, an SLA change, a survey answer), or with its ticket's facts. */
type Projection = { kind: 'payload'; deltas: (event: TypedEnvelope, timeZone: string) => CounterDelta[] } | { kind: 'ticket' };

type SlaEvent = TypedEnvelope<'sla.clock-changed.v1' | 'sla.breached.v1'>;
const slaProjection: Projection = {
  kind: 'payload',
  deltas: (event, timeZone) => slaDeltas((event as SlaEvent).type, (event as SlaEvent).payload, timeZone),
};

/** Which events make figures. A new event type slots in as one more entry; every type not listed is ignored. */
export const PROJECTIONS: Partial<Record<TypedEnvelope['type'], Projection>> = {
  'contact.received.v1': {
    kind: 'payload',
    deltas: (event, timeZone) => contactDeltas((event as TypedEnvelope<'contact.received.v1'>).payload, timeZone),
  },
  'ticket.created.v1': { kind: 'ticket' },
  'ticket.message-added.v1': { kind: 'ticket' },
  'ticket.updated.v1': { kind: 'ticket' },
  'ticket.merged.v1': { kind: 'ticket' },
  'survey.answered.v1': {
    kind: 'payload',
    deltas: (event, timeZone) => satisfactionDeltas((event as TypedEnvelope<'survey.answered.v1'>).payload, timeZone),
  },
  'sla.clock-changed.v1': slaProjection,
  'sla.breached.v1': slaProjection,
};

/** One batch's work, kept until it is all written, so a retry resumes it instead of counting twice. */
interface Pending {
  claimed?: Set<string>;
  plan?: {
    writes: { workspaceId: string; shard: string; grain: Grain; delta: CounterDelta }[];
    tickets: { facts: TicketFacts; isNew: boolean }[];
  };
  written: Set<number>;
  saved: Set<number>;
}

const PENDING_KEPT = 1000;
const ticketKey = (workspaceId: string, ticketId: string) => `${workspaceId}\u0000${ticketId}`;

/**
 * Projects a batch of events (a Kafka fetch of one partition, or one event)
 * into the read models, each event once:
 * 1. the batch's event ids are claimed by one unordered unique insert; an id
 *    claimed before is a duplicate (redelivery, replay over a live group)
 *    and adds nothing — no read-then-write race between instances;
 * 2. the claimed events are played in order over their tickets' facts, and
 *    what they add is merged per counter document, day and month roll-up
 *    (a replayed batch of a thousand events costs tens of writes, not
 *    thousands);
 * 3. the merged `$inc`/`$max` upserts are written, then the tickets' facts.
 * A batch that fails before step 3 wrote anything gives its claims back, so
 * the consumer's one-by-one fallback counts each event; one that failed
 * within step 3 is resumed by a retry of the same batch from the writes not
 * yet done (kept in memory). A crash between 1 and 3 loses that batch's
 * figures until a rebuild; that window is one batch.
 */
export class ProjectEvents {
  private readonly pending = new Map<string, Pending>();
  private readonly recurring: FindRecurringProblems;

  constructor(
    private readonly store: ReadModelStore,
    private readonly timeOf: (workspaceId: string) => WorkspaceTime,
  ) {
    this.recurring = new FindRecurringProblems(store.categoryLabels);
  }

  /**
   * The single-event form, for the consumer's one-by-one path. It writes the
   * partition's own documents, like the batch: a shard of its own shared by
   * every partition and instance would let two writers update one document.
   */
  async one(event: TypedEnvelope, shard: string): Promise<HandlerOutcome> {
    const projected = await this.execute([event], shard);
    return projected.done ? 'done' : projected.duplicate ? 'duplicate' : 'ignored';
  }

  /** `shard`: whose counter documents to write — the partition's (`topic/partition`), never another writer's. */
  async execute(events: TypedEnvelope[], shard: string): Promise<{ done: number; duplicate: number; ignored: number }> {
    const seen = new Set<string>();
    const relevant = events.filter((e) => PROJECTIONS[e.type] && !seen.has(e.id) && seen.add(e.id));
    const ignored = events.length - relevant.length;
    if (relevant.length === 0) return { done: 0, duplicate: 0, ignored };
    const key = createHash('sha256')
      .update(relevant.map((e) => e.id).join(','))
      .digest('hex');
    let work = this.pending.get(key);
    if (!work) {
      work = { written: new Set(), saved: new Set() };
      this.remember(key, work);
    }
    try {
      work.claimed ??= await this.store.claimMany(relevant.map((e) => ({ id: e.id, workspaceId: e.workspaceId })));
      work.plan ??= await this.plan(
        relevant.filter((e) => work.claimed!.has(e.id)),
        shard,
        key,
      );
      await this.writeAll(work);
    } catch (error) {
      // The batch's own failure is what the consumer logs; if releasing fails too, the claims stay (those events wait for a rebuild).
      await this.releaseIfUnwritten(key, work).catch(() => undefined);
      throw error;
    }
    this.pending.delete(key);
    return { done: work.claimed.size, duplicate: relevant.length - work.claimed.size, ignored };
  }

  /**
   * A batch that failed before any of its figures or tickets' facts were
   * written gives its events back: the consumer's one-by-one fallback then
   * claims and counts each one (else it would take them for duplicates and
   * they would be lost). One that wrote some is kept, so a retry resumes it:
   * its writes merge many events, so giving them back would count twice.
   */
  private async releaseIfUnwritten(key: string, work: Pending): Promise<void> {
    if (!work.claimed || work.written.size > 0 || work.saved.size > 0) return;
    await this.store.categoryLabels.releaseClaims(key);
    await this.store.releaseClaims([...work.claimed]);
    this.pending.delete(key);
  }

  private remember(key: string, work: Pending) {
    this.pending.set(key, work);
    // Batches that failed and were never retried (the partition moved to another instance) are not kept forever.
    if (this.pending.size > PENDING_KEPT) this.pending.delete(this.pending.keys().next().value!);
  }

  /** `batch`: the batch's key, which owns the recurring problems it counts (a retry counts them again, no one else). */
  private async plan(events: TypedEnvelope[], shard: string, batch: string): Promise<NonNullable<Pending['plan']>> {
    const facts = new Map<string, TicketFacts | null>();
    const ticketEvents = events.filter((e) => PROJECTIONS[e.type]?.kind === 'ticket') as TicketEvent[];
    await Promise.all(
      [...new Map(ticketEvents.map((e) => [ticketKey(e.workspaceId, e.payload.ticketId), e])).entries()].map(async ([k, e]) =>
        facts.set(k, await this.store.ticket(e.workspaceId, e.payload.ticketId)),
      ),
    );
    const known = new Set([...facts].filter(([, f]) => f !== null).map(([k]) => k));
    const deltasOf = new Map<string, CounterDelta[]>();
    const changed = new Set<string>();
    const labels: CategoryLabel[] = [];
    for (const event of events) {
      const projection = PROJECTIONS[event.type]!;
      const time = this.timeOf(event.workspaceId);
      const deltas = deltasOf.get(event.workspaceId) ?? [];
      deltasOf.set(event.workspaceId, deltas);
      if (projection.kind === 'payload') {
        deltas.push(...projection.deltas(event, time.timeZone));
        continue;
      }
      const ticketEvent = event as TicketEvent;
      const k = ticketKey(event.workspaceId, ticketEvent.payload.ticketId);
      const before = facts.get(k) ?? null;
      const projected = projectTicketEvent(before, ticketEvent, time);
      if (!projected) continue;
      const label = newCategoryLabel(before, projected.facts);
      if (label) labels.push(label);
      facts.set(k, projected.facts);
      changed.add(k);
      deltas.push(...projected.deltas);
    }
    for (const { workspaceId, delta } of await this.recurring.execute(labels, batch)) {
      deltasOf.set(workspaceId, [...(deltasOf.get(workspaceId) ?? []), delta]);
    }
    return {
      // Each day's figures also go to the month's roll-up (the backlog has no period, so no roll-up).
      writes: [...deltasOf].flatMap(([workspaceId, deltas]) => [
        ...compactDeltas(deltas, 'day').map((delta) => ({ workspaceId, shard, grain: 'day' as const, delta })),
        ...compactDeltas(
          deltas.filter((d) => d.bucket),
          'month',
        ).map((delta) => ({ workspaceId, shard, grain: 'month' as const, delta })),
      ]),
      tickets: [...changed].map((k) => ({ facts: facts.get(k)!, isNew: !known.has(k) })),
    };
  }

  private async writeAll(work: Pending): Promise<void> {
    await this.store.addCounters(work.plan!.writes, work.written);
    await this.store.saveTickets(work.plan!.tickets, work.saved);
  }
}
