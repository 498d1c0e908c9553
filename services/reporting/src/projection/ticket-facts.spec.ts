import { createEnvelope, type TicketState } from '@threadline/contracts';
import { buildTicketState } from '@threadline/testing';
import { defaultBusinessCalendar } from '@threadline/business-calendar';
import { batchDocuments } from '../read-models/counter-documents';
import { playTicketEvent, projectTicketEvent, type TicketEvent, type TicketFacts, type WorkspaceTime } from './ticket-facts';
import { DeltaSums, type CounterDelta } from './counter-delta';

/** Warsaw days; the default office: Monday–Friday 08:00–16:00, closed on Polish holidays. */
const WARSAW: WorkspaceTime = { timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() };
const state = buildTicketState;
const ref = { ticketId: 't-1', number: 1 };
let version = 0;
const event = (type: TicketEvent['type'], payload: Record<string, unknown>): TicketEvent =>
  createEnvelope({
    type,
    version: 1,
    source: 'tickets',
    workspaceId: 'ws',
    key: 't-1',
    payload: { ...ref, version: ++version, ...payload },
  }) as TicketEvent;

const created = (at: string, s = state()) =>
  event('ticket.created.v1', {
    customerId: 'c-1',
    subject: 'Reklamacja',
    channel: 'email',
    previousTicketId: null,
    state: s,
    createdAt: at,
  });
const inbound = (at: string) =>
  event('ticket.message-added.v1', {
    messageId: `m-${at}`,
    customerId: 'c-1',
    channel: 'email',
    direction: 'inbound',
    authorId: null,
    at,
  });
const reply = (at: string, authorId: string | null = 'ola') =>
  event('ticket.message-added.v1', {
    messageId: `r-${at}`,
    customerId: 'c-1',
    channel: 'email',
    direction: 'outbound',
    authorId,
    at,
  });
const update = (at: string, s: TicketState) =>
  event('ticket.updated.v1', { actor: { kind: 'agent', id: 'ola' }, changes: {}, state: s, at });

/** Plays events through the projection, collecting every delta. */
function play(events: TicketEvent[]): { facts: TicketFacts | null; deltas: CounterDelta[] } {
  let facts: TicketFacts | null = null;
  const deltas: CounterDelta[] = [];
  for (const e of events) {
    const result = projectTicketEvent(facts, e, WARSAW);
    if (!result) continue;
    facts = result.facts;
    deltas.push(...result.deltas);
  }
  return { facts, deltas };
}

/** The sum of one field on one document (day or '-' for the backlog, dimension kind:value). */
function total(deltas: CounterDelta[], day: string, dimension: string, field: string): number {
  return deltas
    .filter((d) => (d.bucket?.day ?? '-') === day && d.dimensions.some((x) => `${x.kind}:${x.value}` === dimension))
    .reduce((sum, d) => sum + (d.inc[field] ?? 0), 0);
}

describe('projectTicketEvent', () => {
  it('counts a new ticket on its local day and hour of week and in the backlog', () => {
    const { deltas } = play([created('2026-03-29T22:30:00Z', state({ queue: 'reklamacje' }))]);
    expect(total(deltas, '2026-03-30', 'all:all', 'tickets')).toBe(1);
    expect(total(deltas, '2026-03-30', 'all:all', 'ticketsByHour.1-0')).toBe(1);
    // Hour-of-week counts live on the total and the combinations only.
    expect(total(deltas, '2026-03-30', 'queue:reklamacje', 'tickets')).toBe(1);
    expect(total(deltas, '2026-03-30', 'queue:reklamacje', 'ticketsByHour.1-0')).toBe(0);
    expect(total(deltas, '-', 'channel:email', 'open')).toBe(1);
    expect(total(deltas, '-', 'agent:(unassigned)', 'open')).toBe(1);
    expect(total(deltas, '-', 'all:all', 'openSince.2026-03-30')).toBe(1);
  });

  it('measures the first response from creation and each next response from the customer’s first unanswered message', () => {
    const { deltas } = play([
      created('2026-12-07T08:00:00Z'),
      inbound('2026-12-07T08:00:00Z'),
      reply('2026-12-07T08:00:00Z', null), // the acknowledgement is no answer
      reply('2026-12-07T08:10:00Z'),
      inbound('2026-12-07T09:00:00Z'),
      inbound('2026-12-07T09:30:00Z'),
      reply('2026-12-07T10:00:00Z', 'piotr'),
      reply('2026-12-07T10:05:00Z', 'piotr'), // nothing was waiting: a reply, no response time
    ]);
    expect(total(deltas, '2026-12-07', 'all:all', 'firstResponse.n')).toBe(1);
    expect(total(deltas, '2026-12-07', 'all:all', 'firstResponse.sum')).toBe(600);
    expect(total(deltas, '2026-12-07', 'agent:ola', 'firstResponse.n')).toBe(1);
    expect(total(deltas, '2026-12-07', 'all:all', 'nextResponse.sum')).toBe(3600);
    expect(total(deltas, '2026-12-07', 'agent:piotr', 'replies')).toBe(2);
    expect(total(deltas, '2026-12-07', 'agent:piotr', 'nextResponse.n')).toBe(1);
  });

  it('moves a ticket’s count to the category and assignee agents give it, leaving totals as they were', () => {
    const { deltas } = play([
      created('2026-12-07T08:00:00Z'),
      update('2026-12-08T08:00:00Z', state({ status: 'open', category: 'reklamacja', assigneeId: 'ola' })),
    ]);
    expect(total(deltas, '2026-12-07', 'category:reklamacja', 'tickets')).toBe(1);
    expect(total(deltas, '2026-12-07', 'category:(none)', 'tickets')).toBe(0);
    expect(total(deltas, '2026-12-07', 'agent:ola', 'tickets')).toBe(1);
    expect(total(deltas, '2026-12-07', 'all:all', 'tickets')).toBe(1);
    expect(total(deltas, '-', 'agent:ola', 'open')).toBe(1);
    expect(total(deltas, '-', 'agent:(unassigned)', 'open')).toBe(0);
  });

  it('counts a close with one answer as first-contact resolved, and takes it back when the ticket reopens within 7 days', () => {
    const closedState = state({ status: 'closed', assigneeId: 'ola' });
    const resolved = play([
      created('2026-12-01T08:00:00Z'),
      reply('2026-12-01T09:00:00Z'),
      update('2026-12-01T10:00:00Z', closedState),
    ]);
    expect(total(resolved.deltas, '2026-12-01', 'all:all', 'closed')).toBe(1);
    expect(total(resolved.deltas, '2026-12-01', 'all:all', 'fcr')).toBe(1);
    expect(total(resolved.deltas, '2026-12-01', 'agent:ola', 'resolution.sum')).toBe(7200);
    expect(total(resolved.deltas, '-', 'all:all', 'open')).toBe(0);
    expect(total(resolved.deltas, '-', 'all:all', 'openSince.2026-12-01')).toBe(0);

    const reopened = play([
      created('2026-12-01T08:00:00Z'),
      reply('2026-12-01T09:00:00Z'),
      update('2026-12-01T10:00:00Z', closedState),
      inbound('2026-12-05T10:00:00Z'),
      update('2026-12-05T10:00:00Z', state({ status: 'open', assigneeId: 'ola' })),
    ]);
    expect(total(reopened.deltas, '2026-12-01', 'all:all', 'fcr')).toBe(0);
    expect(total(reopened.deltas, '2026-12-05', 'all:all', 'reopened')).toBe(1);
    expect(total(reopened.deltas, '-', 'all:all', 'open')).toBe(1);
    expect(reopened.facts?.awaitingSince).toBe('2026-12-05T10:00:00Z');
  });

  it('keeps the first-contact resolution of a ticket reopened after the window', () => {
    const { deltas } = play([
      created('2026-12-01T08:00:00Z'),
      reply('2026-12-01T09:00:00Z'),
      update('2026-12-01T10:00:00Z', state({ status: 'closed' })),
      update('2026-12-09T10:00:00Z', state({ status: 'open' })),
    ]);
    expect(total(deltas, '2026-12-01', 'all:all', 'fcr')).toBe(1);
    expect(total(deltas, '2026-12-09', 'all:all', 'reopened')).toBe(1);
  });

  it('does not count a close after two answers as first-contact resolved', () => {
    const { deltas } = play([
      created('2026-12-01T08:00:00Z'),
      reply('2026-12-01T09:00:00Z'),
      inbound('2026-12-01T09:30:00Z'),
      reply('2026-12-01T09:40:00Z'),
      update('2026-12-01T10:00:00Z', state({ status: 'closed' })),
    ]);
    expect(total(deltas, '2026-12-01', 'all:all', 'closed')).toBe(1);
    expect(total(deltas, '2026-12-01', 'all:all', 'fcr')).toBe(0);
  });

  it('takes a merged ticket out of the backlog without counting it resolved', () => {
    const merged = event('ticket.merged.v1', {
      intoTicketId: 't-2',
      intoNumber: 2,
      actor: { kind: 'agent', id: 'ola' },
      at: '2026-12-02T08:00:00Z',
    });
    const { deltas } = play([created('2026-12-01T08:00:00Z'), merged]);
    expect(total(deltas, '-', 'all:all', 'open')).toBe(0);
    expect(total(deltas, '2026-12-02', 'all:all', 'closed')).toBe(0);
    expect(total(deltas, '2026-12-01', 'all:all', 'tickets')).toBe(1);
  });

  it('measures responses and resolution in business time beside calendar time', () => {
    // Opened on Friday 4 December at 18:00 in Warsaw, answered on Monday at 08:30, closed on Monday at 15:00.
    const { deltas } = play([
      created('2026-12-04T17:00:00Z'),
      reply('2026-12-07T07:30:00Z'),
      update('2026-12-07T14:00:00Z', state({ status: 'closed' })),
    ]);
    expect(total(deltas, '2026-12-07', 'all:all', 'firstResponse.sum')).toBe(62.5 * 3600);
    expect(total(deltas, '2026-12-07', 'all:all', 'firstResponseBusiness.sum')).toBe(30 * 60);
    expect(total(deltas, '2026-12-07', 'all:all', 'resolutionBusiness.sum')).toBe(7 * 3600);
  });

  it('counts a ticket by the tier its events last gave, moving it when the tier changes', () => {
    const vip = created('2026-12-01T08:00:00Z');
    (vip.payload as { customerTier?: string }).customerTier = 'vip';
    const standard = update('2026-12-01T09:00:00Z', state());
    (standard.payload as { customerTier?: string }).customerTier = 'standard';
    const { deltas } = play([vip, update('2026-12-01T08:30:00Z', state()), standard]);
    expect(total(deltas, '2026-12-01', 'tier:vip', 'tickets')).toBe(0);
    expect(total(deltas, '2026-12-01', 'tier:standard', 'tickets')).toBe(1);
    expect(total(deltas, '-', 'tier:standard', 'open')).toBe(1);
  });

  it('ignores events of a ticket whose creation it never saw', () => {
    expect(projectTicketEvent(null, reply('2026-12-01T09:00:00Z'), WARSAW)).toBeNull();
  });
});

describe('playTicketEvent', () => {
  it('makes the same counter documents, compacted once per batch, as every event’s deltas compacted first', () => {
    const life = [
      created('2026-03-29T22:30:00Z', state({ queue: 'reklamacje' })),
      inbound('2026-03-29T22:30:00Z'),
      reply('2026-03-30T07:10:00Z'),
      update('2026-03-30T08:00:00Z', state({ status: 'open', category: 'reklamacja', assigneeId: 'ola' })),
      update('2026-03-30T09:00:00Z', state({ status: 'closed', category: 'reklamacja', assigneeId: 'ola' })),
      update('2026-03-31T09:00:00Z', state({ status: 'open', category: 'dostawa', assigneeId: 'piotr' })),
      inbound('2026-03-31T09:05:00Z'),
      reply('2026-03-31T10:00:00Z', 'piotr'),
      update('2026-04-01T09:00:00Z', state({ status: 'closed', category: 'dostawa', assigneeId: 'piotr' })),
    ];
    const raw: CounterDelta[] = [];
    let facts: TicketFacts | null = null;
    for (const e of life) {
      const played = playTicketEvent(facts, e, WARSAW);
      if (!played) continue;
      facts = played.facts;
      raw.push(...played.deltas);
    }
    const documents = (deltas: CounterDelta[]) =>
      batchDocuments('ws', 'ticket.events.v1/0', 'batch', deltas, 1)
        .map(({ placement, doc }) => ({
          placement,
          ...doc,
          values: [...doc.values].sort((a, b) => `${a.kind}|${a.value}`.localeCompare(`${b.kind}|${b.value}`)),
        }))
        .sort((a, b) => a._id.localeCompare(b._id));
    const compactedFirst = play(life).deltas;
    // As made: several dimensions a delta, the moves that cancel out still there.
    expect(raw.some((d) => d.dimensions.length > 1)).toBe(true);
    expect(documents(raw)).toEqual(documents(compactedFirst));
    expect(documents(raw).length).toBeGreaterThan(0);
    // A batch's sums handed over as they are (not added up again): the very same documents, in the same order.
    const sums = new DeltaSums();
    for (const delta of raw) sums.add(delta);
    const of = (deltas: CounterDelta[] | DeltaSums) => batchDocuments('ws', 'ticket.events.v1/0', 'batch', deltas, 1);
    expect(of(sums)).toEqual(of(sums.deltas()));
    expect(documents(sums.deltas())).toEqual(documents(raw));
  });
});
