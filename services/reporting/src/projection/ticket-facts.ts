import type { BusinessCalendar } from '@threadline/business-calendar';
import type { Channel, CustomerTier, TicketState, TypedEnvelope } from '@threadline/contracts';
import type { CategoryLabel } from '../recurring/recurring-problems';
import { hourOfWeek, localBucket, type LocalBucket } from '../time-buckets/local-time';
import {
  ALL,
  calendarAndBusiness,
  compactDeltas,
  NO_VALUE,
  secondsBetween,
  type CounterDelta,
  type Dimension,
} from './counter-delta';

/** How a workspace counts time: its zone (local days and hours) and its office hours (business time). */
export interface WorkspaceTime {
  timeZone: string;
  calendar: BusinessCalendar;
}

/** "Closed with one agent answer and no reopen within 7 days" (shown beside the figure). */
export const FCR_REOPEN_WINDOW_DAYS = 7;

/**
 * What reporting remembers of one ticket between its events: enough to turn
 * the next event into figures (when the customer started waiting, how many
 * answers it had, where it was counted).
 */
export interface TicketFacts {
  ticketId: string;
  workspaceId: string;
  customerId: string;
  channel: Channel;
  queue: string | null;
  category: string | null;
  assigneeId: string | null;
  /** The customer's tier as the ticket's events last told it; null: not told. */
  tier: CustomerTier | null;
  open: boolean;
  createdAt: string;
  createdBucket: LocalBucket;
  /** Since when the customer has been waiting for an agent's answer; null: answered. */
  awaitingSince: string | null;
  responded: boolean;
  agentAnswers: number;
  closedAt: string | null;
  reopenedSoon: boolean;
  /** Where this ticket's first-contact resolution was counted, to take it back if it reopens within the window. */
  fcrCredit: { bucket: LocalBucket; dimensions: Dimension[] } | null;
}

export type TicketEvent =
  | TypedEnvelope<'ticket.created.v1'>
  | TypedEnvelope<'ticket.message-added.v1'>
  | TypedEnvelope<'ticket.updated.v1'>
  | TypedEnvelope<'ticket.merged.v1'>;

export interface TicketProjection {
  facts: TicketFacts;
  deltas: CounterDelta[];
}

function dimensionsOf(facts: TicketFacts, agentId: string | null): Dimension[] {
  return [
    ALL,
    { kind: 'channel', value: facts.channel },
    { kind: 'queue', value: facts.queue ?? NO_VALUE.queue },
    { kind: 'category', value: facts.category ?? NO_VALUE.category },
    { kind: 'agent', value: agentId ?? NO_VALUE.agent },
    { kind: 'tier', value: facts.tier ?? NO_VALUE.tier },
  ];
}

/**
 * Where a ticket is counted while it exists: as created on its day (by its
 * current queue, category and assignee, so volume per category follows what
 * agents decided) and, while open, in the backlog. A change of queue,
 * category or assignee moves it by taking this away and adding it back.
 */
function presence(facts: TicketFacts, sign: 1 | -1): CounterDelta[] {
  const dimensions = dimensionsOf(facts, facts.assigneeId);
  const counted: CounterDelta[] = [
    {
      bucket: facts.createdBucket,
      dimensions,
      inc: { tickets: sign, [`ticketsByHour.${hourOfWeek(facts.createdBucket)}`]: sign },
    },
  ];
  // `openSince.<local day>`: the backlog by the day its tickets were opened, so a report can tell their age.
  if (facts.open) counted.push({ bucket: null, dimensions, inc: { open: sign, [`openSince.${facts.createdBucket.day}`]: sign } });
  return counted;
}

function withState(facts: TicketFacts, state: TicketState): TicketFacts {
  return {
    ...facts,
    queue: state.queue,
    category: state.category,
    assigneeId: state.assigneeId,
    open: state.status !== 'closed',
  };
}

/**
 * The pure step of the projection: a ticket's facts and its next event give
 * the new facts and what to add to the counters. Null: nothing to count
 * (a ticket whose creation reporting never saw, or an event that changes no
 * figure).
 */
export function projectTicketEvent(facts: TicketFacts | null, event: TicketEvent, time: WorkspaceTime): TicketProjection | null {
  const projected = playTicketEvent(facts, event, time);
  return projected && { facts: projected.facts, deltas: compactDeltas(projected.deltas) };
}

/**
 * `projectTicketEvent` with the deltas as made (several dimensions each, amounts that cancel out still there): what a
 * batch adds up, compacting once for all its events (the same documents as compacting each event's first, at half
 * the work — a replay's hottest loop).
 */
export function playTicketEvent(facts: TicketFacts | null, event: TicketEvent, time: WorkspaceTime): TicketProjection | null {
  const { timeZone } = time;
  if (event.type === 'ticket.created.v1') {
    if (facts) return null;
    const p = event.payload;
    const created: TicketFacts = {
      ticketId: p.ticketId,
      workspaceId: event.workspaceId,
      customerId: p.customerId,
      channel: p.channel,
      queue: null,
      category: null,
      assigneeId: null,
      tier: p.customerTier ?? null,
      open: true,
      createdAt: p.createdAt,
      createdBucket: localBucket(p.createdAt, timeZone),
      awaitingSince: p.createdAt,
      responded: false,
      agentAnswers: 0,
      closedAt: null,
      reopenedSoon: false,
      fcrCredit: null,
    };
    const withCreatedState = withState(created, p.state);
    return { facts: withCreatedState, deltas: presence(withCreatedState, 1) };
  }
  if (!facts) return null;
  switch (event.type) {
    case 'ticket.message-added.v1':
      return messageAdded(facts, event, time);
    case 'ticket.updated.v1':
      return updated(facts, event, time);
    case 'ticket.merged.v1': {
      // Merged away: it leaves the backlog, but it was not resolved.
      const after = { ...facts, open: false, awaitingSince: null };
      return { facts: after, deltas: [...presence(facts, -1), ...presence(after, 1)] };
    }
    default:
      return null;
  }
}

function messageAdded(
  facts: TicketFacts,
  event: TypedEnvelope<'ticket.message-added.v1'>,
  { timeZone, calendar }: WorkspaceTime,
): TicketProjection | null {
  const { direction, authorId, at } = event.payload;
  if (direction === 'inbound') {
    return facts.awaitingSince ? null : { facts: { ...facts, awaitingSince: at }, deltas: [] };
  }
  // Automatic messages (acknowledgements) have no author and are no answer.
  if (!authorId) return null;
  const bucket = localBucket(at, timeZone);
  const dimensions = dimensionsOf(facts, authorId);
  const delta: CounterDelta = { bucket, dimensions, inc: { replies: 1 }, max: {} };
  if (facts.awaitingSince) {
    const measure = calendarAndBusiness(facts.responded ? 'nextResponse' : 'firstResponse', facts.awaitingSince, at, calendar);
    Object.assign(delta.inc, measure.inc);
    Object.assign(delta.max!, measure.max);
  }
  return {
    facts: { ...facts, awaitingSince: null, responded: true, agentAnswers: facts.agentAnswers + 1 },
    deltas: [delta],
  };
}

function updated(
  facts: TicketFacts,
  event: TypedEnvelope<'ticket.updated.v1'>,
  { timeZone, calendar }: WorkspaceTime,
): TicketProjection | null {
  const { state, at, customerTier } = event.payload;
  // An event that does not say the tier (an older producer) leaves it as it was.
  let after = { ...withState(facts, state), tier: customerTier ?? facts.tier };
  const deltas: CounterDelta[] = [...presence(facts, -1), ...presence(after, 1)];
  const bucket = localBucket(at, timeZone);
  if (facts.open && !after.open) {
    const dimensions = dimensionsOf(after, after.assigneeId);
    const resolution = calendarAndBusiness('resolution', after.createdAt, at, calendar);
    const firstContact = after.agentAnswers === 1 && !after.reopenedSoon;
    deltas.push({ bucket, dimensions, inc: { closed: 1, fcr: firstContact ? 1 : 0, ...resolution.inc }, max: resolution.max });
    after = { ...after, closedAt: at, awaitingSince: null, fcrCredit: firstContact ? { bucket, dimensions } : null };
  } else if (!facts.open && after.open) {
    deltas.push({ bucket, dimensions: dimensionsOf(after, after.assigneeId), inc: { reopened: 1 } });
    const soon = facts.closedAt !== null && secondsBetween(facts.closedAt, at) <= FCR_REOPEN_WINDOW_DAYS * 86400;
    if (soon && facts.fcrCredit) deltas.push({ ...facts.fcrCredit, inc: { fcr: -1 } });
    // A reopened ticket waits for an answer again from now on.
    after = { ...after, reopenedSoon: after.reopenedSoon || soon, fcrCredit: null, awaitingSince: after.awaitingSince ?? at };
  }
  return { facts: after, deltas };
}

/**
 * The category label a change gave the ticket (its customer had it for this
 * category): when it is created with a category or an agent sets another;
 * null otherwise. What recurring problems are found from.
 */
export function newCategoryLabel(before: TicketFacts | null, after: TicketFacts): CategoryLabel | null {
  if (!after.category || after.category === before?.category || !after.customerId) return null;
  return {
    workspaceId: after.workspaceId,
    customerId: after.customerId,
    category: after.category,
    ticketId: after.ticketId,
    createdAt: after.createdAt,
    createdBucket: after.createdBucket,
  };
}
