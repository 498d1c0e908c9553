import { createHash, randomUUID } from 'node:crypto';
import { EVENT_TYPES, isEventType, type TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome, UncheckedEvent } from '@threadline/kafka';
import { batchDocuments, type CounterDocument, type Placement } from '../read-models/counter-documents';
import { TicketKnownAfterAll, type ReadModelStore, type StoredTicket, type TicketSave } from '../read-models/read-model-store';
import { satisfactionDeltas } from '../satisfaction/satisfaction-deltas';
import { contactDeltas } from './contact-deltas';
import { DeltaSums, type CounterDelta } from './counter-delta';
import { slaDeltas } from './sla-deltas';
import { FindRecurringProblems } from '../recurring/find-recurring-problems';
import type { CategoryLabel } from '../recurring/recurring-problems';
import { newCategoryLabel, playTicketEvent, type TicketEvent, type WorkspaceTime } from './ticket-facts';

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

/**
 * Whether the projection needs an event, looked at before it is validated: one of a registered type (at its
 * registered version) that makes no figures (a note, a delivery status, an SLA warning) is skipped undecoded. An
 * unknown type or version goes on, to be counted and skipped (`onUnknownType`); a malformed one, to the dead letters.
 */
export function projects({ type, version }: UncheckedEvent): boolean {
  if (typeof type !== 'string' || !isEventType(type) || version !== EVENT_TYPES[type].version) return true;
  return PROJECTIONS[type] !== undefined;
}

/** One batch's work, kept until it is all written, so a retry resumes it instead of counting twice. */
interface Pending {
  /** The payload events' ids claimed by this batch (a ticket event's claim is its id in its ticket's facts). */
  claimed?: Set<string>;
  plan?: {
    counters: { placement: Placement; doc: CounterDocument }[];
    tickets: TicketSave[];
    /** Ticket events found in their ticket's facts already: projected before. */
    duplicates: number;
  };
  written: Set<string>;
  /** Names what this work claims of the recurring problems: its retries own them, the same batch delivered again does not. */
  id: string;
  /** Counter documents this batch inserted itself (not found there): the ones taking it back removes. */
  inserted: Set<string>;
  saved: Set<number>;
}

const PENDING_KEPT = 1000;
const YIELD_EVERY = 500;
const ticketKey = (workspaceId: string, ticketId: string) => `${workspaceId}\u0000${ticketId}`;

/**
 * Projects a batch of events (a Kafka fetch of one partition, or one event)
 * into the read models, each event once:
 * 1. the batch's payload events (contacts, SLA changes, survey answers) are
 *    claimed by one unordered unique insert of their ids; an id claimed
 *    before is a duplicate (redelivery, replay over a live group) and adds
 *    nothing — no read-then-write race between instances;
 * 2. the events are played in order over their tickets' facts, and what
 *    they add is summed per workspace, period and dimension kind; a ticket
 *    event is claimed by its id in its ticket's facts (one already there is
 *    a duplicate), saved with the facts in 3 — a replace that fails if the
 *    facts changed since they were read, so two writers never both count;
 * 3. those sums are inserted as new documents whose ids come from the batch
 *    (a replayed batch of a thousand events costs tens of inserts and no
 *    update), then the tickets' facts are saved;
 * 4. the partition's periods with many batch documents are folded (and,
 *    once it is caught up, the months and years a replay wrote).
 * A batch planned from facts other than those stored (a ticket created in
 * it, so not read, was known; facts changed since read) is taken back and
 * planned again reading every ticket: a redelivered batch finds its events
 * in their tickets' facts. A batch that fails takes back what it wrote (its documents by id, the
 * tickets' facts as they were, with their event ids) and gives its claims back, so the consumer's
 * one-by-one fallback counts each event once. If taking back fails too, the
 * claims stay and a retry of the same batch resumes from the writes not yet
 * done (kept in memory). A crash between 1 and 3 loses that batch's figures
 * until a rebuild; that window is one batch.
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
    // Alone, the ticket's facts are always read: this is the path a batch falls back to when one was there after all.
    const projected = await this.execute([event], shard, { readCreatedTickets: true });
    return projected.done ? 'done' : projected.duplicate ? 'duplicate' : 'ignored';
  }

  /**
   * `shard`: whose counter documents to write — the partition's (`topic/partition`), never another writer's.
   * `caughtUp`: the batch reached the partition's end (see `ReadModelStore.foldDue`).
   */
  async execute(
    events: TypedEnvelope[],
    shard: string,
    { readCreatedTickets = false, caughtUp = false } = {},
  ): Promise<{ done: number; duplicate: number; ignored: number }> {
    const seen = new Set<string>();
    const relevant = events.filter((e) => PROJECTIONS[e.type] && !seen.has(e.id) && seen.add(e.id));
    const ignored = events.length - relevant.length;
    if (relevant.length === 0) return { done: 0, duplicate: 0, ignored };
    const key = createHash('sha256')
      .update(relevant.map((e) => e.id).join(','))
      .digest('hex');
    let work = this.pending.get(key);
    if (!work) {
      work = { id: randomUUID(), written: new Set(), inserted: new Set(), saved: new Set() };
      this.remember(key, work);
    }
    try {
      work.claimed ??= await this.store.claimMany(
        relevant.filter((e) => PROJECTIONS[e.type]!.kind === 'payload').map((e) => ({ id: e.id, workspaceId: e.workspaceId })),
      );
      work.plan ??= await this.plan(
        relevant.filter((e) => PROJECTIONS[e.type]!.kind === 'ticket' || work.claimed!.has(e.id)),
        shard,
        key,
        work.id,
        readCreatedTickets,
      );
      await this.store.addCounters(work.plan.counters, work.written, work.inserted, relevant.length);
      await this.store.saveTickets(work.plan.tickets, work.saved);
    } catch (error) {
      // The batch's own failure is what the consumer logs; if taking back fails too, the claims stay (a retry resumes).
      const takenBack = await this.takeBack(key, work, error).then(
        () => true,
        () => false,
      );
      // Planned from facts that were not what was stored (a redelivered creation, not read): planned again, reading.
      if (takenBack && error instanceof TicketKnownAfterAll && !readCreatedTickets)
        return this.execute(events, shard, { readCreatedTickets: true, caughtUp });
      throw error;
    }
    this.pending.delete(key);
    // Folding is upkeep: a failure leaves the batch documents, which count the same, for the next fold.
    await this.store.foldDue(shard, caughtUp).catch(() => undefined);
    const duplicate = relevant.filter((e) => PROJECTIONS[e.type]!.kind === 'payload' && !work.claimed!.has(e.id)).length;
    const total = duplicate + work.plan.duplicates;
    return { done: relevant.length - total, duplicate: total, ignored };
  }

  /**
   * Takes a failed batch back: the counter documents it inserted (ids from
   * the batch; one found there already, from this batch delivered before,
   * stays), the tickets' facts as they were, the recurring problems and the
   * payload event ids it claimed. The consumer's one-by-one
   * fallback then claims and counts each event, once.
   */
  private async takeBack(key: string, work: Pending, error: unknown): Promise<void> {
    if (!work.claimed) return;
    if (work.plan) {
      await this.store.removeCounters(work.plan.counters.filter((d) => work.inserted.has(d.doc._id)));
      work.written.clear();
      work.inserted.clear();
      // Facts found stored where the batch expected none are someone else's: left as they are.
      const notOurs = new Set(error instanceof TicketKnownAfterAll ? error.known : []);
      await this.store.restoreTickets(work.plan.tickets.filter((_, i) => !notOurs.has(i)));
      work.saved.clear();
    }
    await this.store.categoryLabels.releaseClaims(work.id);
    await this.store.releaseClaims([...work.claimed]);
    this.pending.delete(key);
  }

  private remember(key: string, work: Pending) {
    this.pending.set(key, work);
    // Batches that failed and were never retried (the partition moved to another instance) are not kept forever.
    if (this.pending.size > PENDING_KEPT) this.pending.delete(this.pending.keys().next().value!);
  }

  /**
   * `batch`: the batch's key, which names its counter documents; `owner`
   * owns the recurring problems it counts (a retry counts them again, no one
   * else). A ticket created in the batch is not read (most of a replay's
   * tickets: one point read each was the replay's largest cost) unless
   * `readCreatedTickets`: its facts cannot exist yet; if they do after all
   * (a creation delivered again, or published twice under two ids),
   * inserting them is refused and the batch planned again, reading.
   */
  private async plan(
    events: TypedEnvelope[],
    shard: string,
    batch: string,
    owner: string,
    readCreatedTickets: boolean,
  ): Promise<NonNullable<Pending['plan']>> {
    const facts = new Map<string, StoredTicket | null>();
    const ticketEvents = events.filter((e) => PROJECTIONS[e.type]?.kind === 'ticket') as TicketEvent[];
    const firstOf = new Map<string, TicketEvent>();
    for (const e of ticketEvents)
      if (!firstOf.has(ticketKey(e.workspaceId, e.payload.ticketId)))
        firstOf.set(ticketKey(e.workspaceId, e.payload.ticketId), e);
    await Promise.all(
      [...firstOf].map(async ([k, e]) =>
        facts.set(
          k,
          e.type === 'ticket.created.v1' && !readCreatedTickets
            ? null
            : await this.store.ticket(e.workspaceId, e.payload.ticketId),
        ),
      ),
    );
    // As stored before the batch: what a failed batch puts back.
    const stored = new Map(facts);
    // Each event's deltas added up at once, per workspace: a batch keeps sums, not thousands of deltas.
    const sumsOf = new Map<string, DeltaSums>();
    const changed = new Set<string>();
    const labels: CategoryLabel[] = [];
    let duplicates = 0;
    for (const [i, event] of events.entries()) {
      // A replay's batch is thousands of events: the event loop is let go now and then, so the process's consumers
      // keep heartbeating (a member silent for the session timeout is dropped and its batch delivered again).
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const projection = PROJECTIONS[event.type]!;
      const time = this.timeOf(event.workspaceId);
      let sums = sumsOf.get(event.workspaceId);
      if (!sums) sumsOf.set(event.workspaceId, (sums = new DeltaSums()));
      if (projection.kind === 'payload') {
        for (const delta of projection.deltas(event, time.timeZone)) sums.add(delta);
        continue;
      }
      const ticketEvent = event as TicketEvent;
      const k = ticketKey(event.workspaceId, ticketEvent.payload.ticketId);
      const before = facts.get(k) ?? null;
      if (before?.eventIds.includes(event.id)) {
        duplicates++;
        continue;
      }
      // As made, not compacted: the batch's sums are compacted at once (`batchDocuments`).
      const projected = playTicketEvent(before?.facts ?? null, ticketEvent, time);
      // An event with no facts to go by (its ticket's creation unseen) counts nothing and is not kept.
      if (!projected && !before) continue;
      // Kept even when it changes no figure: a redelivery then finds it, whatever the facts became.
      facts.set(k, { facts: projected?.facts ?? before!.facts, eventIds: [...(before?.eventIds ?? []), event.id] });
      changed.add(k);
      if (!projected) continue;
      const label = newCategoryLabel(before?.facts ?? null, projected.facts);
      if (label) labels.push(label);
      for (const delta of projected.deltas) sums.add(delta);
    }
    for (const { workspaceId, delta } of await this.recurring.execute(labels, owner)) {
      let sums = sumsOf.get(workspaceId);
      if (!sums) sumsOf.set(workspaceId, (sums = new DeltaSums()));
      sums.add(delta);
    }
    const at = Date.now();
    return {
      counters: [...sumsOf].flatMap(([workspaceId, sums]) => batchDocuments(workspaceId, shard, batch, sums, at)),
      tickets: [...changed].map((k) => ({ after: facts.get(k)!, before: stored.get(k) ?? null })),
      duplicates,
    };
  }
}
